import type { Command } from 'commander';
import { formatEffectiveConfig, formatEffectiveConfigJson } from '../../config/effective-config.js';
import type { CliContext } from '../context.js';
import { resolveRunSettings, type SettingFlags } from '../run-settings.js';
import { addAuditOptions } from './audit.js';

/** `reassure print-config`: the effective settings and where each came from. */
export function registerPrintConfigCommand(program: Command, context: CliContext): void {
  const command = program
    .command('print-config')
    .description('show the effective configuration and where each value came from (takes the flags of audit)')
    .option('--json', 'print it as JSON');
  addAuditOptions(command).action((flags: SettingFlags & { json?: boolean }) => {
    const effective = resolveRunSettings(flags, context.io);
    context.io.stdout.write(flags.json === true ? formatEffectiveConfigJson(effective) : formatEffectiveConfig(effective));
  });
}
