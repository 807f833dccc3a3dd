/**
 * Environment variables that let Dawn (the `webgpu` package) find a CPU Vulkan driver on a machine
 * without a GPU. Debian's `chromium` package ships SwiftShader; a project-local Mesa lavapipe ICD
 * (`.gl/lvp_icd.json`) is used when present. Variables already set by the user win.
 */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
export const LOCAL_LAVAPIPE_ICD = '.gl/lvp_icd.json';

/** Returns the variables to merge into process.env (main process only: workers copy it at start). */
export function vulkanEnvironment(exists: (path: string) => boolean): Record<string, string> {
  const env: Record<string, string> = {};
  if (!process.env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = '/tmp';
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES) {
    if (exists(LOCAL_LAVAPIPE_ICD)) env.VK_ICD_FILENAMES = LOCAL_LAVAPIPE_ICD;
    else if (exists(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  return env;
}
