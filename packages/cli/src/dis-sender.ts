import { type DisAddress, DisAddressError, DisSender } from '@golden-dome/server';
import { UsageError } from './usage-error.ts';

/** An open UDP sender for `--dis HOST:PORT` (`dome replay`, `dome serve`); an address it cannot use is a usage error. */
export async function openDisSender(address: DisAddress): Promise<DisSender> {
  const sender = new DisSender(address);
  try {
    await sender.open();
  } catch (e) {
    sender.close();
    if (e instanceof DisAddressError) throw new UsageError(e.message);
    throw e;
  }
  return sender;
}
