// The command ids, named once: package.json contributes the same ids (test/extension/manifest.test.mjs checks).
export const CommandIds = {
  search: 'codeIndex.search',
  reindexWorkspace: 'codeIndex.reindexWorkspace',
  showStatus: 'codeIndex.showStatus',
  pauseIndexing: 'codeIndex.pauseIndexing',
  resumeIndexing: 'codeIndex.resumeIndexing',
  setApiKey: 'codeIndex.setApiKey',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
