// `code-index mcp [DIR]`, its own bundle (dist/cli-mcp.js): the MCP server on stdin/stdout until the
// client closes the stream. stdout belongs to the protocol, so everything else goes to stderr.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { IndexState } from './index-state.js';
import { createMcpServer } from './mcp-server.js';

export async function runMcp(root: string): Promise<number> {
  const state = new IndexState(realpathSync.native(root), join(__dirname, 'cli.js'));
  const server = createMcpServer(state);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((done) => {
    transport.onclose = done;
    process.stdin.on('end', done);
  });
  await server.connect(transport);
  process.stderr.write(`code-index: MCP server for ${state.root} on stdio\n`);
  state.ensureIndex();
  await closed;
  await server.close();
  return 0;
}
