//! `vigie serve`: the HTTP API and web interface (see `vigie-server`).

use crate::ingest::{db_location, shown_location};
use anyhow::{Context, Result};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// The store: a SQLite file or a `postgres://` URL. Default: `$VIGIE_DB`, else `./vigie.db`.
    #[arg(long)]
    pub db: Option<String>,
    /// Requests per second allowed per client address (bursts up to twice that).
    #[arg(long, default_value_t = 50)]
    pub rate: u32,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 2 << 20)]
    pub max_body: usize,
}

pub fn run(args: &ServeArgs) -> Result<()> {
    let location = db_location(args.db.as_deref());
    let shown = shown_location(&location);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let config = vigie_server::Config {
            location: location.clone(),
            rate_per_second: args.rate,
            max_body_bytes: args.max_body,
        };
        let app = vigie_server::App::open(config)
            .await
            .with_context(|| format!("opening the store {shown}"))?;
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let addr = listener.local_addr()?;
        eprintln!("Vigie on http://{addr}/  (API: http://{addr}/openapi.json, store: {shown})");
        vigie_server::serve(listener, app)
            .await
            .context("serving HTTP")
    })
}
