export async function main(_argv: string[]): Promise<number> {
  console.log('dome: under construction');
  return 0;
}
