import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

export const clientConfig = defineConfig({
  duplicateCandidates: key.int(
    'CLIENT_DUPLICATE_CANDIDATES',
    10,
    1,
    100,
    'how many matching live clients a 409 for a likely duplicate lists'
  )
});

export type ClientSettings = ConfigValues<typeof clientConfig.keys>;
