import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { restrictStorageToTrustedContexts } from '@/lib/background/setup/storage-access';

const local = fakeBrowser.storage.local as unknown as { setAccessLevel?: unknown };

afterEach(() => {
  delete local.setAccessLevel;
  vi.restoreAllMocks();
});

describe('storage for trusted contexts only', () => {
  it('asks the browser to keep storage.local from content scripts', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    local.setAccessLevel = setAccessLevel;
    await restrictStorageToTrustedContexts();
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('does nothing where the browser lacks the call', async () => {
    await expect(restrictStorageToTrustedContexts()).resolves.toBeUndefined();
  });

  it('never throws when the browser refuses', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    local.setAccessLevel = vi.fn(async () => {
      throw new Error('This StorageArea does not support setAccessLevel');
    });
    await expect(restrictStorageToTrustedContexts()).resolves.toBeUndefined();
  });
});
