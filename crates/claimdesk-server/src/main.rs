//! `claimdesk-server`: see `claimdesk-server --help` and docs/server.md.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = claimdesk_server::cli::Cli::parse();
    match claimdesk_server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("claimdesk-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
