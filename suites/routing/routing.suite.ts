/**
 * The routing suite: regional accounts, x-tfy-provider-name and x-tfy-metadata. Scenario bodies in routing.ts.
 */
import { describe } from 'vitest';
import { scenario } from '../scenario.ts';
import { CHECK_IDS, metadataHeader, providerHeaderRouting, regionalRouting } from './routing.ts';

describe('routing', () => {
  scenario('regional model reaches only its region', CHECK_IDS.regionalRouting, regionalRouting);
  scenario('x-tfy-provider-name decides where a responses retrieve goes', CHECK_IDS.providerHeader, providerHeaderRouting);
  scenario('x-tfy-metadata is validated and stays in the gateway', CHECK_IDS.metadataHeader, metadataHeader);
});
