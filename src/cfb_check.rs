//! Whether an .xls file's OLE container (Compound File Binary) can be handed to calamine safely.
//! calamine follows the container's sector chains without checking them: a chain that runs in a
//! circle makes it allocate without end, and a link past the table or the file makes it panic
//! (found by `cargo fuzz run check`). This checks the sector allocation table (FAT) as a whole:
//! every link points at a sector the file holds, and no chain comes back on itself.

/// Sector ids above this are markers (free, end of chain, FAT/DIFAT sector), not links.
const MAX_SECTOR: u32 = 0xFFFF_FFFA;
const HEADER: usize = 512;

/// False when the container's chains are broken; true also when it is no container at all
/// (calamine reports that as an error of its own).
pub fn chains_are_sound(bytes: &[u8]) -> bool {
    let size: usize = match bytes.get(30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return true,
    };
    if bytes.len() < HEADER {
        return true;
    }
    let u32_at =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    // Sector n starts after the header, which takes one whole sector.
    let sectors = (bytes.len() / size).saturating_sub(1);
    let sector = |id: u32| {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        bytes.get(start..start.checked_add(size)?)
    };
    let entries = |s: &[u8]| {
        s.chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect::<Vec<u32>>()
    };
    // Where the FAT's sectors are: 109 ids in the header, then a chain of DIFAT sectors whose
    // last entry links to the next.
    let mut difat = entries(&bytes[76..HEADER]);
    let mut next = u32_at(68);
    let mut steps = 0;
    while next <= MAX_SECTOR {
        steps += 1;
        let Some(s) = sector(next).filter(|_| steps <= sectors) else {
            return false;
        };
        let mut ids = entries(s);
        next = ids.pop().unwrap_or(u32::MAX);
        difat.extend(ids);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id <= MAX_SECTOR) {
        match sector(id) {
            Some(s) => fat.extend(entries(s)),
            None => return false,
        }
    }
    let linked = |id: u32| id <= MAX_SECTOR;
    let held = fat.len().min(sectors);
    // The directory and the mini FAT start in sectors the file holds.
    if [u32_at(48), u32_at(60)]
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
