// The API key of an OpenAI-compatible embedding endpoint: kept in the editor's SecretStorage (the OS
// keychain on desktop), handed to the server only when it asks, never written to settings or the index.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ApiKeyChangedNotification, ApiKeyRequest } from '../shared/protocol.js';

const SECRET_KEY = 'codeIndex.embedding.apiKey';

/**
 * Answers the server's codeIndex/apiKey requests from SecretStorage, and tells the server when the key
 * changes (from this window's command or from another window), so it drops its copy and asks again.
 */
export function connectApiKey(client: LanguageClient, secrets: vscode.SecretStorage): vscode.Disposable {
  return vscode.Disposable.from(
    client.onRequest(ApiKeyRequest, async () => ({ apiKey: (await secrets.get(SECRET_KEY)) ?? null })),
    secrets.onDidChange(({ key }) => {
      if (key === SECRET_KEY && client.isRunning()) void client.sendNotification(ApiKeyChangedNotification);
    }),
  );
}

/** Asks for the key in a password box; an empty answer removes the stored key. */
export async function promptForApiKey(secrets: vscode.SecretStorage): Promise<'stored' | 'cleared' | 'cancelled'> {
  const hadKey = (await secrets.get(SECRET_KEY)) !== undefined;
  const value = await vscode.window.showInputBox({
    title: 'Code Index: API key of the embedding endpoint',
    prompt: hadKey
      ? 'A key is stored. Enter a new one to replace it, or leave this empty to remove it.'
      : 'Used only with "codeIndex.embedding.provider": "openai". Stored in the editor\'s secret storage.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return 'cancelled';
  const key = value.trim();
  if (key) {
    await secrets.store(SECRET_KEY, key);
    return 'stored';
  }
  await secrets.delete(SECRET_KEY);
  return 'cleared';
}
