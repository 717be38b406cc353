import { http3_0_6 } from './client/http3-0.6';
import { httpx_0_23 } from './client/httpx-0.23';
import { uvicorn } from './server/uvicorn';
import type { ClientPolicy, ServerProfile } from './types';

/** Every client policy, in the order of the fix history. */
export const CLIENT_POLICIES: readonly ClientPolicy[] = [http3_0_6, httpx_0_23];
/** Every server profile. */
export const SERVER_PROFILES: readonly ServerProfile[] = [uvicorn];

export const clientPolicy = (name: string): ClientPolicy | undefined =>
  CLIENT_POLICIES.find((p) => p.name === name);
export const serverProfile = (name: string): ServerProfile | undefined =>
  SERVER_PROFILES.find((p) => p.name === name);
