//! The session's object stores: `s3://`/`s3a://`/`s3n://`, `gs://`, `abfs(s)://`/`wasb(s)://`,
//! `http(s)://` and local paths (`file://`), built lazily, the first time a path of a bucket
//! (or container, or host) is used, from the session's Hadoop settings ([`settings`]) and the
//! environment. DataFusion reaches every store through the session runtime's
//! [`ObjectStoreRegistry`], so readers, writers, table locations and checkpoints resolve a
//! path the same way whatever its scheme.
//!
//! A change of the settings (`spark.conf.set("spark.hadoop....")`) drops the built stores, so
//! the next use of a bucket sees it (Spark's session Hadoop configuration is read per query).

pub mod azure;
pub mod errors;
pub mod gcs;
pub mod http;
pub mod paths;
pub mod s3;
pub mod settings;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use datafusion::error::{DataFusionError, Result};
use datafusion::execution::object_store::ObjectStoreRegistry;
use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::azure::MicrosoftAzureBuilder;
use object_store::gcp::GoogleCloudStorageBuilder;
use object_store::local::LocalFileSystem;
use url::Url;

pub use errors::from_object_store;
pub use paths::listing_url;
pub use settings::HadoopConf;

/// Stores by URL key, built on first use from the current settings.
#[derive(Debug)]
pub struct SparkObjectStores {
    settings: RwLock<Arc<HadoopConf>>,
    /// Stores registered explicitly (`register_store`); they win over built ones.
    registered: RwLock<HashMap<String, Arc<dyn ObjectStore>>>,
    /// Stores built from the settings, dropped when the settings change.
    built: RwLock<HashMap<String, Arc<dyn ObjectStore>>>,
    local: Arc<LocalFileSystem>,
}

impl SparkObjectStores {
    pub fn new(settings: HadoopConf) -> Self {
        Self {
            settings: RwLock::new(Arc::new(settings)),
            registered: RwLock::new(HashMap::new()),
            built: RwLock::new(HashMap::new()),
            local: Arc::new(LocalFileSystem::new()),
        }
    }

    /// Replaces the settings; built stores are rebuilt on their next use when they changed.
    pub fn set_settings(&self, settings: HadoopConf) {
        let Ok(mut current) = self.settings.write() else {
            return;
        };
        if **current != settings {
            *current = Arc::new(settings);
            if let Ok(mut built) = self.built.write() {
                built.clear();
            }
        }
    }

    fn settings(&self) -> Arc<HadoopConf> {
        self.settings
            .read()
            .map(|s| Arc::clone(&s))
            .unwrap_or_default()
    }

    /// Builds the store of `url` (its scheme and authority) from the settings.
    fn build(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        let conf = self.settings();
        let scheme = url.scheme().to_ascii_lowercase();
        let host = url.host_str().unwrap_or_default();
        let store: Arc<dyn ObjectStore> = match scheme.as_str() {
            "file" => Arc::clone(&self.local) as Arc<dyn ObjectStore>,
            s if s3::SCHEMES.contains(&s) => {
                let b = s3::builder(AmazonS3Builder::from_env(), host, &conf);
                Arc::new(b.build().map_err(store_error)?)
            }
            "gs" | "gcs" => {
                let b = gcs::builder(GoogleCloudStorageBuilder::from_env(), host, &conf);
                Arc::new(b.build().map_err(store_error)?)
            }
            s if azure::SCHEMES.contains(&s) => {
                let b = azure::builder(MicrosoftAzureBuilder::from_env(), url, &conf);
                Arc::new(b.build().map_err(store_error)?)
            }
            s if http::SCHEMES.contains(&s) => Arc::new(http::build(url)?),
            other => {
                return Err(DataFusionError::Execution(format!(
                    "No FileSystem for scheme \"{other}\""
                )));
            }
        };
        Ok(store)
    }
}

/// A store's key: its URL up to the path (`s3a://bucket`, `abfss://c@a.dfs.core.windows.net`,
/// `http://host:port`); unlike DataFusion's default registry it keeps the user part, which
/// names an Azure container.
fn key(url: &Url) -> String {
    let end = &url[..url::Position::BeforePath];
    end.to_ascii_lowercase()
}

fn store_error(e: object_store::Error) -> DataFusionError {
    DataFusionError::ObjectStore(Box::new(e))
}

impl ObjectStoreRegistry for SparkObjectStores {
    fn register_store(
        &self,
        url: &Url,
        store: Arc<dyn ObjectStore>,
    ) -> Option<Arc<dyn ObjectStore>> {
        self.registered.write().ok()?.insert(key(url), store)
    }

    fn deregister_store(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        self.registered
            .write()
            .ok()
            .and_then(|mut r| r.remove(&key(url)))
            .ok_or_else(|| DataFusionError::Execution(format!("No store registered for {url}")))
    }

    fn get_store(&self, url: &Url) -> Result<Arc<dyn ObjectStore>> {
        let k = key(url);
        if let Some(s) = self.registered.read().ok().and_then(|r| r.get(&k).cloned()) {
            return Ok(s);
        }
        if let Some(s) = self.built.read().ok().and_then(|b| b.get(&k).cloned()) {
            return Ok(s);
        }
        let store = self.build(url)?;
        if let Ok(mut built) = self.built.write() {
            built.insert(k, Arc::clone(&store));
        }
        Ok(store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_are_built_per_bucket_and_rebuilt_after_a_settings_change() {
        let reg = SparkObjectStores::new(HadoopConf::from_spark([
            ("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:1"),
            ("spark.hadoop.fs.s3a.path.style.access", "true"),
        ]));
        let a = Url::parse("s3a://bucket-a/x/y").unwrap();
        let a2 = Url::parse("s3a://bucket-a/").unwrap();
        let b = Url::parse("s3a://bucket-b/").unwrap();
        let sa = reg.get_store(&a).unwrap();
        assert!(Arc::ptr_eq(&sa, &reg.get_store(&a2).unwrap()));
        assert!(!Arc::ptr_eq(&sa, &reg.get_store(&b).unwrap()));
        assert!(sa.to_string().contains("bucket-a"), "{sa}");
        reg.set_settings(HadoopConf::default());
        assert!(!Arc::ptr_eq(&sa, &reg.get_store(&a).unwrap()));
        let local = reg.get_store(&Url::parse("file:///tmp").unwrap()).unwrap();
        assert!(local.to_string().contains("LocalFileSystem"), "{local}");
        let err = reg
            .get_store(&Url::parse("hdfs://nn/x").unwrap())
            .unwrap_err();
        assert!(
            err.to_string().contains("No FileSystem for scheme"),
            "{err}"
        );
        let abfs = Url::parse("abfss://c1@acct.dfs.core.windows.net/p").unwrap();
        assert_eq!(key(&abfs), "abfss://c1@acct.dfs.core.windows.net");
    }
}
