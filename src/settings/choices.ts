// The fixed choices of a few settings, apart from the zod schema so that reading the environment
// (every command does, `sessions list` too) does not load zod.
export const PERMISSION_MODES = ["default", "auto", "accept-edits", "plan", "yolo"] as const;
export const REASONING_EFFORTS = ["none", "minimal", "low", "medium", "high", "xhigh"] as const;
