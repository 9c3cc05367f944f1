//! `gs://` buckets: a `GoogleCloudStorage` store configured from the GCS connector's settings
//! (`fs.gs.*`) over what `object_store` reads from the environment (`GOOGLE_SERVICE_ACCOUNT`,
//! `GOOGLE_APPLICATION_CREDENTIALS`, application default credentials).

use object_store::gcp::GoogleCloudStorageBuilder;

use super::settings::HadoopConf;

/// The builder of `bucket`'s store: `base` (the environment's settings) with the connector's
/// settings applied over it.
pub fn builder(
    base: GoogleCloudStorageBuilder,
    bucket: &str,
    conf: &HadoopConf,
) -> GoogleCloudStorageBuilder {
    let mut b = base.with_bucket_name(bucket);
    // The connector's key file setting, and its older name.
    if let Some(path) = conf
        .get("fs.gs.auth.service.account.json.keyfile")
        .or_else(|| conf.get("google.cloud.auth.service.account.json.keyfile"))
    {
        b = b.with_service_account_path(path);
    }
    let auth = conf
        .get("fs.gs.auth.type")
        .or_else(|| conf.get("google.cloud.auth.type"));
    if auth.is_some_and(|t| t.eq_ignore_ascii_case("UNAUTHENTICATED")) {
        b = b.with_skip_signature(true);
    }
    // The connector's `fs.gs.storage.root.url` (an emulator, or a private endpoint).
    if let Some(url) = conf.get("fs.gs.storage.root.url") {
        b = b.with_base_url(url.trim_end_matches('/'));
    }
    b
}

#[cfg(test)]
mod tests {
    use object_store::gcp::GoogleConfigKey as K;

    use super::*;

    #[test]
    fn gcs_settings_map_to_the_builder() {
        let c = HadoopConf::from_spark([
            (
                "spark.hadoop.fs.gs.auth.service.account.json.keyfile",
                "/keys/sa.json",
            ),
            ("spark.hadoop.fs.gs.auth.type", "UNAUTHENTICATED"),
            (
                "spark.hadoop.fs.gs.storage.root.url",
                "http://127.0.0.1:4443/",
            ),
        ]);
        let b = builder(GoogleCloudStorageBuilder::new(), "bkt", &c);
        let get = |k| b.get_config_value(&k);
        assert_eq!(get(K::Bucket).as_deref(), Some("bkt"));
        assert_eq!(get(K::ServiceAccount).as_deref(), Some("/keys/sa.json"));
        assert_eq!(get(K::SkipSignature).as_deref(), Some("true"));
        assert_eq!(get(K::BaseUrl).as_deref(), Some("http://127.0.0.1:4443"));
    }
}
