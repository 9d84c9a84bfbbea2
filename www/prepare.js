// Dropped files -> what the core module's check() takes. The core module carries neither GBK
// tables nor a workbook reader: for each file it says (sniffInput) whether the file is a
// workbook (read it with the xlsx module, fetched on first need), GBK/GB18030 text (decode it with
// the browser's TextDecoder) or anything else (pass the bytes; Rust reads UTF-8/UTF-16 itself).
// A file the page left unread for its size ({name, size}) goes on as it is.
// Shared by worker.js and the Node tests.

/**
 * @param files [{name, bytes: Uint8Array}], or [{name, size}] for a file too large to read
 * @param sniffInput the core module's sniff_input(name, bytes)
 * @param loadXlsx () => Promise of the initialized xlsx module (called only for workbooks)
 */
export async function prepareFiles(files, sniffInput, loadXlsx) {
  const out = [];
  for (const { name, bytes, size } of files) {
    if (size !== undefined) {
      out.push({ name, size });
      continue;
    }
    const need = sniffInput(name, bytes);
    if (need === 'workbook') {
      const xlsx = await loadXlsx();
      out.push({ name, workbook: xlsx.read_workbook(bytes) });
    } else if (need) {
      out.push({ name, text: new TextDecoder(need).decode(bytes), encoding: need });
    } else {
      out.push({ name, bytes });
    }
  }
  return out;
}
