//! `govmat collect serve`: the devices server run headless, for consultants and for tests. It
//! prints the join addresses, then waits for Ctrl-C or for collection to end.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use govmat::{LanOptions, LanServer};

pub fn serve(
    db: &Path,
    questionnaires: Option<PathBuf>,
    round_id: i64,
    bind: Option<IpAddr>,
    port: Option<u16>,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async {
        let options = LanOptions {
            bind,
            port,
            questionnaires: Some(questionnaires.unwrap_or_else(govmat::default_questionnaire_dir)),
            ..LanOptions::default()
        };
        let mut server = LanServer::start(db, round_id, options).await?;
        println!("members join at:");
        for url in server.join_urls() {
            println!("  {url}");
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
