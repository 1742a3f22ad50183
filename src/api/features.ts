// Feature gates that change what the API server and the controller do, with upstream's defaults.

export const FEATURE_GATES: Record<string, { default: boolean; help: string }> = {
  MaxUnavailableStatefulSet: {
    default: false,
    help: 'rollingUpdate.maxUnavailable: replace several pods at once (alpha upstream; off by default)',
  },
};

export function featureEnabled(features: Record<string, boolean>, name: keyof typeof FEATURE_GATES | string): boolean {
  return features[name] ?? FEATURE_GATES[name]?.default ?? false;
}

/** maxUnavailable (a count or a percentage of replicas, rounded down) as a number of pods, at least 1. */
export function resolveMaxUnavailable(v: number | string | undefined, replicas: number): number {
  if (v === undefined) return 1;
  const n = typeof v === 'string' && v.endsWith('%') ? Math.floor((Number(v.slice(0, -1)) * replicas) / 100) : Number(v);
  return Math.max(1, Number.isFinite(n) ? n : 1);
}
