//! `govmat collect`: start and end private collection under the PIN (or end it by force, which is
//! recorded), say how it stands, and serve it to members' own devices (`serve`); `addresses` says
//! where phones could reach this machine, without a database.

use std::io::Write;

use govmat::RoundRef;

use super::args::{Cli, Collect};
use super::open::open;
use super::{read_pin, say, serve};

pub fn run(cli: &Cli, action: &Collect) -> anyhow::Result<()> {
    let (org, round) = match action {
        Collect::Addresses => return addresses(),
        Collect::Start { org, round, .. }
        | Collect::Discard { org, round, .. }
        | Collect::Status { org, round, .. }
        | Collect::End { org, round, .. }
        | Collect::Serve { org, round, .. } => (org, round),
    };
    let mut g = open(cli)?;
    let (_, r) = g.resolve(&RoundRef {
        org: org.clone(),
        round: round.clone(),
    })?;
    match action {
        Collect::Addresses => {}
        Collect::Serve {
            bind,
            port,
            room_check,
            ..
        } => {
            let db = g.db_path().to_path_buf();
            drop(g);
            let how = serve::How {
                bind: *bind,
                port: *port,
                room_check: *room_check,
            };
            serve::serve(&db, cli.questionnaires.clone(), r.id, how)?;
        }
        Collect::Start {
            expected, minutes, ..
        } => {
            let pin = read_pin()?;
            g.start_collection_timed(r.id, &pin, *expected, *minutes, govmat::unix_now())?;
            let boxed = match minutes {
                Some(1) => ", with a time box of 1 minute".to_string(),
                Some(m) => format!(", with a time box of {m} minutes"),
                None => String::new(),
            };
            say!(
                "\"{org}\" / \"{round}\" is collecting privately{boxed}; end it with `govmat collect end`"
            );
        }
        Collect::Discard { name, .. } => {
            let pin = read_pin()?;
            g.discard_empty_ballot(r.id, name, &pin, govmat::unix_now())?;
            say!("the empty ballot started as \"{name}\" is discarded (recorded)");
        }
        Collect::Status { json, .. } => {
            let s = g.collection_status(r.id)?;
            if *json {
                say!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                let state = if s.collecting {
                    "collecting privately"
                } else {
                    "not collecting"
                };
                say!(
                    "\"{}\" / \"{}\": {state}; {} started, {} finished",
                    s.org,
                    s.round,
                    s.started,
                    s.finished
                );
                for e in &s.events {
                    say!("  {} {}", govmat::local_text(e.at), e.event);
                }
            }
        }
        Collect::End { force, .. } => {
            if *force {
                g.force_end_collection(r.id, govmat::unix_now())?;
                say!("collection on \"{org}\" / \"{round}\" ended without the PIN (recorded)");
            } else {
                let pin = read_pin()?;
                g.end_collection(r.id, &pin, govmat::unix_now())?;
                say!("collection on \"{org}\" / \"{round}\" ended");
            }
        }
    }
    Ok(())
}

/// `collect addresses`: where a phone in the room could reach this machine (issue 25 §3), read
/// without a database or a server, so a consultant can check a laptop before the away-day.
fn addresses() -> anyhow::Result<()> {
    let offered = govmat::reachable_addresses();
    if offered.is_empty() {
        say!(
            "phones cannot reach this machine: it is on no network a phone can join (only loopback or virtual adapters). \
             Join it to the room's Wi-Fi, a travel router or a phone's hotspot"
        );
    } else {
        say!("phones in the room can reach this machine at:");
        for a in &offered {
            say!("  {}  ({})", a.ip, a.name);
        }
    }
    let described = govmat::windows_adapters();
    if !described.is_empty() {
        say!("adapters as Windows describes them:");
        for (name, description, room) in described {
            let verdict = if room {
                "kept"
            } else {
                "left out (a virtual machine's, a VPN's or a loopback)"
            };
            say!("  {name} [{description}]: {verdict}");
        }
    }
    Ok(())
}
