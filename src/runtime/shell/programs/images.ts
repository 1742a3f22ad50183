// The probe scripts images ship, as programs of the shell (zookeeper-ready, zkOk.sh, ready-probe.sh:
// probes run them through `sh -c`): each works while its file is where the image keeps it
// (image-table.ts). The client tools (mysql, mysqladmin) are not programs: a probe that runs one
// directly (controller/probes.ts) passes while its file is there, but nothing here speaks SQL.
import { fsReason } from '../../podfs.js';
import { fail, ok, type Program, type ShellContext } from '../program.js';
import { imageInfo, TOOL_OUTPUT } from './image-table.js';

/** Where this container's image keeps a tool, if it has it. */
export const toolPath = (sh: Pick<ShellContext, 'ctr'>, name: string): string | undefined => imageInfo(sh.ctr.container.image)?.tools?.[name];

/** Whether a tool's file is there (a regular file, links followed). */
export function toolPresent(sh: ShellContext, path: string): boolean {
  try {
    return !!sh.entry(path).stat?.isFile();
  } catch (e) {
    if (fsReason(e)) return false;
    throw e;
  }
}

const tool: Program = (sh, args, _stdin, prog) => {
  const path = toolPath(sh, prog);
  if (!path || !toolPresent(sh, path)) return fail(`sh: 1: ${prog}: not found\n`, 127);
  return ok(TOOL_OUTPUT[prog](args));
};

export const images: Record<string, Program> = { 'zookeeper-ready': tool, 'zkOk.sh': tool, 'ready-probe.sh': tool };
