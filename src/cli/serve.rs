//! `govmat collect serve`: the devices server run headless, for consultants and for tests. It
//! prints the join addresses a phone in the room can reach (only real LAN adapters', never
//! loopback, a VPN's or a virtual machine's), or says plainly that phones cannot reach this
//! machine, then waits for Ctrl-C or for collection to end. With `--room-check` it serves the room
//! check before collection starts.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use govmat::{LanOptions, LanServer};

/// Where and how to serve.
pub struct How {
    pub bind: Option<IpAddr>,
    pub port: Option<u16>,
    pub room_check: bool,
}

pub fn serve(
    db: &Path,
    questionnaires: Option<PathBuf>,
    round_id: i64,
    how: How,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async {
        let options = LanOptions {
            bind: how.bind,
            port: how.port,
            room_check: how.room_check,
            questionnaires: Some(questionnaires.unwrap_or_else(govmat::default_questionnaire_dir)),
            ..LanOptions::default()
        };
        let mut server = LanServer::start(db, round_id, options).await?;
        let offered = server.offered();
        if offered.is_empty() && how.bind.is_none() {
            println!(
                "phones cannot reach this machine: it is on no network a phone can join (only loopback or virtual adapters). \
                 Join it to the room's Wi-Fi, a travel router or a phone's hotspot, then serve again"
            );
            println!("on this machine only:");
            for url in server.join_urls() {
                println!("  {url}");
            }
        } else if offered.is_empty() {
            println!("members join at:");
            for url in server.join_urls() {
                println!("  {url}");
            }
        } else {
            println!("members join at:");
            for (adapter, url) in offered {
                println!("  {url}  ({})", adapter.name);
            }
        }
        if server.phase() == govmat::Phase::Check {
            println!("room check: pages say only \"you are connected\" until collection starts");
        }
        println!(
            "answers travel as plain HTTP on this network: use a WPA2/WPA3 network or this laptop's own hotspot"
        );
        println!("stop with Ctrl-C; the server also stops once collection ends");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                server.shutdown().await;
                println!("stopped");
            }
            _ = server.stopped() => println!("collection has ended; the server has stopped"),
        }
        anyhow::Ok(())
    })
}
