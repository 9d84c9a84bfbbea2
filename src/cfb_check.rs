//! Whether an .xls file's OLE container (Compound File Binary) can be handed to calamine safely.
//! calamine follows the container's sector chains without checking them: a chain that runs in a
//! circle makes it allocate without end, and a link past the table or the file makes it panic
//! (found by `cargo fuzz run check`). This checks the sector allocation table (FAT) as a whole:
//! every link points at a sector the file holds, and no chain comes back on itself.

/// Sector ids above this are markers (free, end of chain, FAT/DIFAT sector), not links.
const MAX_SECTOR: u32 = 0xFFFF_FFFA;
const HEADER: usize = 512;

/// A container's sectors and its sector allocation table (FAT).
struct Container<'a> {
    bytes: &'a [u8],
    size: usize,
    fat: Vec<u32>,
}

impl Container<'_> {
    /// Sector n starts after the header, which takes one whole sector.
    fn sector(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.size)?;
        self.bytes.get(start..start.checked_add(self.size)?)
    }

    /// How many sectors chains may link: those both in the FAT and in the file.
    fn held(&self) -> usize {
        self.fat
            .len()
            .min((self.bytes.len() / self.size).saturating_sub(1))
    }
}

/// The little-endian u32 at `at` (OLE and BIFF fields are little-endian).
pub(crate) fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn entries(s: &[u8]) -> impl Iterator<Item = u32> + '_ {
    s.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// Ok(None) when the bytes are no container (calamine reports that itself); Err when a FAT or
/// DIFAT sector lies past the file.
fn container(bytes: &[u8]) -> Result<Option<Container<'_>>, ()> {
    let size: usize = match bytes.get(30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Ok(None),
    };
    if bytes.len() < HEADER {
        return Ok(None);
    }
    let mut c = Container {
        bytes,
        size,
        fat: Vec::new(),
    };
    let sectors = (bytes.len() / size).saturating_sub(1);
    // Where the FAT's sectors are: 109 ids in the header, then a chain of DIFAT sectors whose
    // last entry links to the next.
    let mut difat: Vec<u32> = entries(&bytes[76..HEADER]).collect();
    let mut next = u32_at(bytes, 68);
    let mut steps = 0;
    while next <= MAX_SECTOR {
        steps += 1;
        let s = c.sector(next).filter(|_| steps <= sectors).ok_or(())?;
        let mut ids: Vec<u32> = entries(s).collect();
        next = ids.pop().unwrap_or(u32::MAX);
        difat.extend(ids);
    }
    for id in difat.into_iter().filter(|id| *id <= MAX_SECTOR) {
        let s = c.sector(id).ok_or(())?;
        let links: Vec<u32> = entries(s).collect();
        c.fat.extend(links);
    }
    Ok(Some(c))
}

/// False when the container's chains are broken; true also when it is no container at all
/// (calamine reports that as an error of its own).
pub fn chains_are_sound(bytes: &[u8]) -> bool {
    let c = match container(bytes) {
        Ok(Some(c)) => c,
        Ok(None) => return true,
        Err(()) => return false,
    };
    let fat = &c.fat;
    let linked = |id: u32| id <= MAX_SECTOR;
    let held = c.held();
    // The directory and the mini FAT start in sectors the file holds.
    if [u32_at(bytes, 48), u32_at(bytes, 60)]
        .into_iter()
        .any(|start| linked(start) && start as usize >= held)
    {
        return false;
    }
    // Walk every chain once: a sector met again on the same walk closes a circle.
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        Not,
        ThisWalk,
        Before,
    }
    let mut seen = vec![Seen::Not; fat.len()];
    let mut walk = Vec::new();
    for start in 0..held {
        let mut at = start;
        walk.clear();
        while seen[at] == Seen::Not {
            seen[at] = Seen::ThisWalk;
            walk.push(at);
            let next = fat[at];
            if !linked(next) {
                break;
            }
            if next as usize >= held {
                return false;
            }
            at = next as usize;
            if seen[at] == Seen::ThisWalk {
                return false;
            }
        }
        for &w in &walk {
            seen[w] = Seen::Before;
        }
    }
    true
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// The bytes of the chain from `start`, at most `len` (calamine's `get_chain`). None when a link
/// leaves the table, or (with a `step` bound for chains `chains_are_sound` did not check) loops.
fn chain(sectors: &[u8], size: usize, fat: &[u32], start: u32, len: usize) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut at = start;
    while at != END_OF_CHAIN && out.len() < len {
        let from = (at as usize).checked_mul(size)?;
        let sector = sectors.get(from..from.checked_add(size)?)?;
        out.extend_from_slice(&sector[..size.min(len - out.len())]);
        at = *fat.get(at as usize)?;
    }
    Some(out)
}

/// The stream calamine's .xls reader parses — the first directory entry named `Workbook`, else
/// `Book` — found exactly as calamine 0.38 finds it (`cfb.rs`), so that what `xls_area` measures
/// is what calamine will read. Call after `chains_are_sound`. Empty when the bytes are no
/// container or hold no such stream (calamine reports that itself); None when calamine would
/// read it past the tables (it reads from the wrong place, or panics).
pub fn workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let Ok(Some(c)) = container(bytes) else {
        return Some(Vec::new());
    };
    let sectors = &bytes[c.size..];
    let dirs = chain(sectors, c.size, &c.fat, u32_at(bytes, 48), usize::MAX)?;
    let dirs: Vec<&[u8]> = dirs.chunks_exact(128).collect();
    let length = |d: &[u8]| -> Option<usize> {
        let low = u32_at(d, 120) as u64;
        let high = if c.size == 512 {
            0
        } else {
            u32_at(d, 124) as u64
        };
        // calamine unwraps this conversion: in wasm a length past 4 GB panics.
        usize::try_from(low | high << 32).ok().filter(|_| high == 0)
    };
    if dirs.iter().any(|d| length(d).is_none()) {
        return None;
    }
    let named = |name: &str| {
        dirs.iter()
            .find(|d| entry_name(d).eq_ignore_ascii_case(name))
    };
    let Some(entry) = named("Workbook").or_else(|| named("Book")) else {
        return Some(Vec::new());
    };
    let (start, len) = (u32_at(entry, 116), length(entry)?);
    if len >= 4096 {
        return chain(sectors, c.size, &c.fat, start, len);
    }
    // A small stream lives in the mini stream (the root entry's chain) in 64-byte sectors.
    let minis = u32_at(bytes, 64) as usize;
    if minis == 0 || dirs.is_empty() {
        return None;
    }
    let root = dirs[0];
    let mini = chain(sectors, c.size, &c.fat, u32_at(root, 116), length(root)?)?;
    let mini_fat = chain(
        sectors,
        c.size,
        &c.fat,
        u32_at(bytes, 60),
        minis.checked_mul(c.size)?,
    )?;
    let mini_fat: Vec<u32> = entries(&mini_fat).collect();
    chain(&mini, 64, &mini_fat, start, len)
}

/// A directory entry's name as calamine decodes it: UTF-16LE unless a byte-order mark says
/// otherwise (encoding_rs's `decode` sniffs one), cut at the first NUL.
fn entry_name(d: &[u8]) -> String {
    let raw = &d[..64];
    let units = |bytes: &[u8], be: bool| {
        let units = bytes.chunks_exact(2).map(move |c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    let name = match raw {
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        [0xFF, 0xFE, rest @ ..] => units(rest, false),
        [0xFE, 0xFF, rest @ ..] => units(rest, true),
        _ => units(raw, false),
    };
    name.split('\0').next().unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version-3 container of `sectors` 512-byte sectors whose FAT is sector 0 with `fat`.
    fn container(fat: &[u32], sectors: usize) -> Vec<u8> {
        let mut b = vec![0u8; HEADER * (1 + sectors)];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        b[30] = 9;
        b[32] = 6;
        b[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory: sector 1
        b[60..64].copy_from_slice(&u32::MAX.to_le_bytes()); // no mini FAT
        b[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
        b[76..HEADER].fill(0xFF);
        b[76..80].copy_from_slice(&0u32.to_le_bytes()); // the FAT is sector 0
        let mut table = vec![u32::MAX; 128];
        table[..fat.len()].copy_from_slice(fat);
        for (i, e) in table.iter().enumerate() {
            b[HEADER + 4 * i..HEADER + 4 * i + 4].copy_from_slice(&e.to_le_bytes());
        }
        b
    }

    const FATSECT: u32 = 0xFFFF_FFFD;
    const END: u32 = 0xFFFF_FFFE;

    #[test]
    fn chains_ending_in_end_of_chain_are_sound() {
        assert!(chains_are_sound(&container(&[FATSECT, 2, 3, END], 4)));
    }

    #[test]
    fn a_circle_or_a_link_past_the_file_is_not() {
        assert!(!chains_are_sound(&container(&[FATSECT, 2, 3, 1], 4)));
        assert!(!chains_are_sound(&container(&[FATSECT, 1, END], 3)));
        assert!(!chains_are_sound(&container(&[FATSECT, 2, 9, END], 4)));
    }

    #[test]
    fn a_directory_past_the_file_is_not() {
        let mut b = container(&[FATSECT, END], 2);
        b[48..52].copy_from_slice(&7u32.to_le_bytes());
        assert!(!chains_are_sound(&b));
    }
}
