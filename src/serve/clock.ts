// The clock over HTTP (sts's own paths, beside the Kubernetes API): `GET /sts/v1/clock` and
// `POST /sts/v1/clock/advance?by=30s`, so a test driving a client library can move a manual clock
// without a second process (`sts clock advance` from another terminal does the same).
import { checkReach, duration } from '../cli/clock.js';
import { formatDuration } from '../controller/clock.js';
import { advance } from '../controller/simulate.js';
import { sendJson } from './body.js';
import type { Handler } from './types.js';

export const clockHandler: Handler = async (ctx, req, res) => {
  const now = await ctx.transact((c) => ({ mode: c.file.clock.mode, now: c.timestamp() }));
  sendJson(res, 200, now);
};

export const advanceHandler: Handler = async (ctx, req, res) => {
  const by = req.query.get('by') ?? '';
  const ms = duration(by, 'by');
  const now = await ctx.transact((c) => {
    checkReach(c, ms, `clock advance ${by}`);
    advance(c, c.now + ms);
    return { mode: c.file.clock.mode, now: c.timestamp(), advanced: formatDuration(ms) };
  });
  sendJson(res, 200, now);
};
