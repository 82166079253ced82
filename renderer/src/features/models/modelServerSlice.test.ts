// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../../electron/common/appError';

const askMock = vi.fn();
const consentMock = vi.fn();
vi.mock('../../bridge/api', () => ({
  api: {
    ask: (...args: unknown[]) => askMock(...args),
    consentToServer: (...args: unknown[]) => consentMock(...args),
  },
}));

const { createAppStore } = await import('../../store/store');
const { privacyLine } = await import('./modelServerSlice');

const consentNeeded = () =>
  new AppError({
    code: 'server-consent-needed',
    title: 'Images and your question will be sent to gpu-box:8000',
    cause: 'gpu-box:8000',
  });
const sendsTo = (host: string | null) => ({
  kind: 'server' as const,
  server: null,
  canStoreKey: false,
  sendsImagesTo: host,
});

beforeEach(() => {
  askMock.mockReset();
  consentMock.mockReset();
});

describe('consent before images go to a server off this machine', () => {
  it('asks the user instead of showing an error, and sends nothing when they decline', async () => {
    const store = createAppStore();
    askMock.mockRejectedValueOnce(consentNeeded());
    store.getState().setQuestion('Q');
    await store.getState().ask([]);
    expect(store.getState().consentPending?.host).toBe('gpu-box:8000');
    expect(store.getState().run).toMatchObject({
      status: 'cancelled',
      message: 'Nothing was sent',
    });
    await store.getState().answerConsent(false);
    expect(store.getState().consentPending).toBeUndefined();
    expect(consentMock).not.toHaveBeenCalled();
    expect(askMock).toHaveBeenCalledTimes(1);
  });

  it('records consent for that host and then asks the same question again', async () => {
    const store = createAppStore();
    askMock.mockRejectedValueOnce(consentNeeded()).mockRejectedValueOnce(new Error('stop here'));
    consentMock.mockResolvedValueOnce(sendsTo('gpu-box:8000'));
    store.getState().setQuestion('Q');
    await store
      .getState()
      .ask([{ name: 'a.png', width: 1, height: 1, rgb: new Uint8Array([1, 2, 3]) }]);
    await store.getState().answerConsent(true);
    expect(consentMock).toHaveBeenCalledWith({ host: 'gpu-box:8000' });
    expect(askMock).toHaveBeenCalledTimes(2);
    expect(askMock.mock.calls[1]![0]).toMatchObject({ images: [{ name: 'a.png' }] });
    expect(privacyLine(store.getState().backend)).toBe('Sends images to gpu-box:8000');
  });

  it('reads "Offline" while nothing leaves the machine', () => {
    expect(privacyLine(undefined)).toBe('Offline: nothing leaves this machine');
    expect(privacyLine(sendsTo(null))).toBe('Offline: nothing leaves this machine');
  });

  it('says the model runs here when only a PACS is on another machine', () => {
    expect(privacyLine(sendsTo(null), ['pacs.example.org'])).toBe(
      'The model runs here; studies come from and go to the PACS named',
    );
    expect(privacyLine(sendsTo('gpu-box:8000'), ['pacs.example.org'])).toBe(
      'Sends images to gpu-box:8000',
    );
  });
});
