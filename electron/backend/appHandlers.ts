import { readFileSync } from 'node:fs';
import type { AppInfo } from '../common/contract';
import type { HandlerContext } from './handlerContext';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const appHandlers = {
  async getAppInfo(_request: Record<string, never>, context: HandlerContext): Promise<AppInfo> {
    return {
      name: 'MMedExpert Desktop',
      version: pkg.version,
      mode: context.mode,
      platform: process.platform,
    };
  },
};
