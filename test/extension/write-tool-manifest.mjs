// Writes package.json's contributes.languageModelTools from the tools' one declaration
// (server/tools/lm-manifest.ts), keeping the rest of the file as it is.  npm run manifest:tools
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs, repoRoot } from './load-ts.mjs';

const path = join(repoRoot, 'package.json');
const manifest = JSON.parse(readFileSync(path, 'utf8'));
const { languageModelTools } = await loadTs('server/tools/lm-manifest.ts');
manifest.contributes.languageModelTools = languageModelTools();
writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`package.json: ${manifest.contributes.languageModelTools.length} language model tools`);
