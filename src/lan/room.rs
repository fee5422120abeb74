//! What the server knows of the room, in memory: which phase it serves (the room check before
//! collection, collection itself, or closed), which devices have reached it lately, and when the
//! facilitator's time box ends. Counts only: never who is which device.
//!
//! A device counts as present if it made a request in the last 20 s (`PRESENT_FOR`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, AtomicU8, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;

/// What the server serves now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before collection (issue 25 §4): pages only say "you are connected"; nothing else is served.
    Check,
    /// The round collects: the ballot is served.
    Collecting,
    /// Collection has ended: pages are told so, then the server stops.
    Closed,
}

impl Phase {
    fn from_u8(v: u8) -> Phase {
        match v {
            0 => Phase::Check,
            1 => Phase::Collecting,
            _ => Phase::Closed,
        }
    }

    fn to_u8(self) -> u8 {
        match self {
            Phase::Check => 0,
            Phase::Collecting => 1,
            Phase::Closed => 2,
        }
    }
}

/// A device counts as reaching the laptop for this long after its last request; open pages ask
/// every few seconds, so a page closed or a phone gone out of range drops out within this.
pub const PRESENT_FOR: Duration = Duration::from_secs(20);

/// Devices remembered at once; past this the table starts again (a room has dozens).
const MAX_DEVICES: usize = 4096;

pub(crate) struct Room {
    phase: AtomicU8,
    seen: Mutex<HashMap<IpAddr, Instant>>,
    /// Unix seconds when the time box ends; 0 for none.
    ends_at: AtomicI64,
}

impl Room {
    pub(crate) fn new(phase: Phase) -> Room {
        Room {
            phase: AtomicU8::new(phase.to_u8()),
            seen: Mutex::new(HashMap::new()),
            ends_at: AtomicI64::new(0),
        }
    }

    pub(crate) fn phase(&self) -> Phase {
        Phase::from_u8(self.phase.load(Ordering::SeqCst))
    }

    pub(crate) fn set_phase(&self, phase: Phase) {
        self.phase.store(phase.to_u8(), Ordering::SeqCst);
    }

    /// Counts a request from `ip` as that device reaching the laptop now.
    pub(crate) fn seen(&self, ip: IpAddr, now: Instant) {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() >= MAX_DEVICES && !seen.contains_key(&ip) {
            seen.retain(|_, t| now.duration_since(*t) < PRESENT_FOR);
            if seen.len() >= MAX_DEVICES {
                seen.clear();
            }
        }
        seen.insert(ip, now);
    }

    /// How many devices have reached the laptop within [`PRESENT_FOR`].
    pub(crate) fn devices(&self, now: Instant) -> usize {
        let seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.values()
            .filter(|t| now.saturating_duration_since(**t) < PRESENT_FOR)
            .count()
    }

    pub(crate) fn set_ends_at(&self, at: Option<i64>) {
        self.ends_at.store(at.unwrap_or(0), Ordering::SeqCst);
    }

    /// Seconds left in the time box at `now` (Unix seconds), never below zero; `None` without one.
    pub(crate) fn seconds_left(&self, now: i64) -> Option<i64> {
        match self.ends_at.load(Ordering::SeqCst) {
            0 => None,
            at => Some((at - now).max(0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_counts_while_it_keeps_asking_and_drops_out_after() {
        let room = Room::new(Phase::Check);
        let t = Instant::now();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.2".parse().unwrap(), "10.0.0.3".parse().unwrap());
        room.seen(a, t);
        room.seen(a, t + Duration::from_secs(1));
        room.seen(b, t);
        assert_eq!(
            room.devices(t + Duration::from_secs(2)),
            2,
            "one count per device"
        );
        assert_eq!(
            room.devices(t + PRESENT_FOR + Duration::from_millis(500)),
            1,
            "a device that stopped asking drops out"
        );
        assert_eq!(room.phase(), Phase::Check);
        room.set_phase(Phase::Collecting);
        assert_eq!(room.phase(), Phase::Collecting);
    }

    #[test]
    fn the_time_box_counts_down_to_zero_and_never_below() {
        let room = Room::new(Phase::Collecting);
        assert_eq!(room.seconds_left(100), None);
        room.set_ends_at(Some(820));
        assert_eq!(room.seconds_left(100), Some(720));
        assert_eq!(room.seconds_left(900), Some(0));
        room.set_ends_at(None);
        assert_eq!(room.seconds_left(100), None);
    }
}
