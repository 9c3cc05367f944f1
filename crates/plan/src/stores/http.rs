//! `http://` and `https://` paths: an `HttpStore` over the URL's host, for reads (a write to
//! one is refused by the writers, as Hadoop's `HttpFileSystem` is read-only).

use datafusion::error::{DataFusionError, Result};
use object_store::ClientOptions;
use object_store::http::{HttpBuilder, HttpStore};
use url::Url;

/// The schemes served by [`build`].
pub const SCHEMES: &[&str] = &["http", "https"];

/// The store of `url`'s scheme, host and port.
pub fn build(url: &Url) -> Result<HttpStore> {
    let base = &url[..url::Position::BeforePath];
    HttpBuilder::new()
        .with_url(base)
        .with_client_options(ClientOptions::new().with_allow_http(true))
        .build()
        .map_err(|e| DataFusionError::ObjectStore(Box::new(e)))
}
