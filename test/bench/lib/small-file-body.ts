/** The small files the small-file workloads send: one template, each copy marked with its index so every file differs. */
export function fileBody(template: Buffer, index: number): Buffer {
  const body = Buffer.from(template);
  body.write(String(index).padStart(8, '0'), 0, 'latin1');
  return body;
}

export function fileName(index: number): string {
  return `small-${String(index).padStart(6, '0')}.bin`;
}
