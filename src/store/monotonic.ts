// A monotonic clock in milliseconds for lock waits: process.hrtime, because touching the global
// `performance` loads perf_hooks, which costs every command ~0.5 ms of start-up.
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
