// The `contributes.languageModelTools` entries of package.json, derived from the one declaration of
// the tools (tools.ts): test/extension/manifest.test.mjs fails when package.json drifts from it, and
// `npm run manifest:tools` writes it back. The extension registers whatever its manifest lists.
import { z } from 'zod';
import { LM_TOOL_PREFIX } from '../../shared/protocol.js';
import { TOOLS, type ToolName } from './tools.js';

export interface LanguageModelToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  userDescription: string;
  modelDescription: string;
  icon: string;
  tags: string[];
  inputSchema: Record<string, unknown>;
}

/** The codicon each tool shows with in the chat view. */
const ICONS: Record<ToolName, string> = {
  search: '$(search)',
  symbols: '$(symbol-class)',
  definition: '$(symbol-method)',
  callers: '$(call-incoming)',
  impact: '$(type-hierarchy)',
  callees: '$(call-outgoing)',
  outline: '$(list-tree)',
  read: '$(file-code)',
  status: '$(database)',
};

export function languageModelTools(): LanguageModelToolContribution[] {
  return (Object.keys(TOOLS) as ToolName[]).map((name) => {
    const { title, description, inputSchema } = TOOLS[name];
    // What the model is shown; the server checks each call against the zod declaration itself (tools/run-tool.ts).
    const { $schema: _dialect, ...schema } = z.toJSONSchema(z.object(inputSchema), { io: 'input' });
    return {
      name: `${LM_TOOL_PREFIX}${name}`,
      displayName: `Code Index: ${title}`,
      toolReferenceName: `${LM_TOOL_PREFIX}${name}`,
      canBeReferencedInPrompt: true,
      userDescription: title,
      modelDescription: description,
      icon: ICONS[name],
      tags: ['code-index', 'read-only'],
      inputSchema: schema,
    };
  });
}
