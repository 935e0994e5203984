// The id of the MCP server definition provider, named once: package.json's
// contributes.mcpServerDefinitionProviders lists the same id (test/extension/manifest.test.mjs checks).
export const MCP_PROVIDER_ID = 'codeIndex.mcpServers';
