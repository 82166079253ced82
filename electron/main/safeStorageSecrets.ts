import type { SafeStorage } from 'electron';
import type { SecretStore } from '../backend/secretStore';

/**
 * A model server's API key sealed by the OS keychain (Electron safeStorage:
 * Keychain, DPAPI, libsecret/kwallet). Where no keychain is available
 * (Linux without a secret service falls back to a fixed key) keys are not
 * stored at all: the user names an environment variable instead.
 */
export function safeStorageSecrets(safeStorage: SafeStorage): SecretStore | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
    return undefined;
  return {
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
