/**
 * Seals secrets (a model server's API key) for the settings file. The
 * desktop app passes one built on Electron's safeStorage (the OS keychain);
 * web mode has none, so keys come from an environment variable instead.
 */
export interface SecretStore {
  seal(plain: string): string;
  open(sealed: string): string;
}
