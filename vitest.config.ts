import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { vulkanEnvironment } from './src/sim/gpu/vulkanEnvironment.ts';

// Dawn reads the Vulkan driver from the main process's environment: set it here, not in a worker.
Object.assign(process.env, vulkanEnvironment(existsSync));

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
