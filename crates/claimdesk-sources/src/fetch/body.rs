//! Reading a response body: streamed chunk by chunk, cut at the configured wire-size cap, with progress events
//! about every 64 KiB and prompt cancellation. Content codings are removed afterwards by
//! [`decode_content`](crate::decode::decode_content).

use tokio_util::sync::CancellationToken;

use super::classify::classify_body;
use super::{Fetcher, Progress};
use crate::error::FetchError;

impl Fetcher {
    /// Streams the body, cutting it at `max_body` and reporting progress about every 64 KiB.
    pub(super) async fn read_body(
        &self,
        mut resp: reqwest::Response,
        total: Option<u64>,
        progress: &(dyn Fn(Progress) + Send + Sync),
        cancel: &CancellationToken,
    ) -> Result<Vec<u8>, FetchError> {
        let mut body: Vec<u8> = Vec::with_capacity(total.unwrap_or(0).min(1 << 20) as usize);
        let mut last_report: u64 = 0;
        loop {
            let chunk = tokio::select! {
                biased;
                _ = cancel.cancelled() => return Err(FetchError::Cancelled),
                c = resp.chunk() => c.map_err(|e| classify_body(&e))?,
            };
            let Some(chunk) = chunk else { break };
            if (body.len() + chunk.len()) as u64 > self.cfg.max_body {
                return Err(FetchError::BodyTooLarge {
                    limit: self.cfg.max_body,
                });
            }
            body.extend_from_slice(&chunk);
            let received = body.len() as u64;
            if received - last_report >= 64 * 1024 {
                last_report = received;
                progress(Progress::Bytes { received, total });
            }
        }
        progress(Progress::Bytes {
            received: body.len() as u64,
            total,
        });
        Ok(body)
    }
}
