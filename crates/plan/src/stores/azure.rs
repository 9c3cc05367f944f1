//! `abfs://`, `abfss://`, `wasb://` and `wasbs://` containers
//! (`<container>@<account>.dfs.core.windows.net`): a `MicrosoftAzure` store configured from the
//! ABFS driver's settings over what `object_store` reads from the environment
//! (`AZURE_STORAGE_ACCOUNT_NAME`, `AZURE_STORAGE_ACCOUNT_KEY`, `AZURE_CLIENT_ID`, ...,
//! `AZURE_STORAGE_USE_EMULATOR`).

use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use url::Url;

use super::settings::HadoopConf;

/// The schemes served by [`builder`].
pub const SCHEMES: &[&str] = &["abfs", "abfss", "wasb", "wasbs", "az", "adl", "azure"];

/// The builder of the container `url` names (its scheme, user and host): `base` (the
/// environment's settings) with the driver's account settings applied over it.
pub fn builder(base: MicrosoftAzureBuilder, url: &Url, conf: &HadoopConf) -> MicrosoftAzureBuilder {
    let host = url.host_str().unwrap_or_default();
    let mut b = base;
    if url.username().is_empty() {
        // `abfs://<container>/path` (the fsspec form): the account comes from the environment.
        b = b.with_container_name(host);
    } else {
        b = b.with_container_name(url.username());
        if let Some((account, _)) = host.split_once('.') {
            b = b.with_account(account);
        }
        if host.ends_with(".fabric.microsoft.com") {
            b = b.with_use_fabric_endpoint(true);
        }
    }
    // ABFS settings name the account's host, with the account-agnostic key as a fallback
    // (`AbfsConfiguration.accountConf`).
    let account_conf = |key: &str| {
        conf.get(&format!("{key}.{host}"))
            .or_else(|| conf.get(key))
            .map(str::to_string)
    };
    if let Some(key) = account_conf("fs.azure.account.key") {
        b = b.with_access_key(key);
    }
    if let Some(sas) = account_conf("fs.azure.sas.fixed.token") {
        b = b.with_config(AzureConfigKey::SasKey, sas);
    }
    if let Some(id) = account_conf("fs.azure.account.oauth2.client.id") {
        b = b.with_client_id(id);
    }
    if let Some(secret) = account_conf("fs.azure.account.oauth2.client.secret") {
        b = b.with_client_secret(secret);
    }
    // `https://login.microsoftonline.com/<tenant>/oauth2/token`.
    if let Some(endpoint) = account_conf("fs.azure.account.oauth2.client.endpoint")
        && let Ok(u) = Url::parse(&endpoint)
        && let Some(tenant) = u.path_segments().and_then(|mut s| s.next())
        && !tenant.is_empty()
    {
        b = b.with_tenant_id(tenant);
    }
    b
}

#[cfg(test)]
mod tests {
    use object_store::azure::AzureConfigKey as K;

    use super::*;

    #[test]
    fn abfs_settings_map_to_the_builder() {
        let c = HadoopConf::from_spark([
            (
                "spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net",
                "S0VZ",
            ),
            (
                "spark.hadoop.fs.azure.account.oauth2.client.endpoint",
                "https://login.microsoftonline.com/tenant-1/oauth2/token",
            ),
            ("spark.hadoop.fs.azure.account.oauth2.client.id", "cid"),
        ]);
        let url = Url::parse("abfss://data@acct.dfs.core.windows.net/x").unwrap();
        let b = builder(MicrosoftAzureBuilder::new(), &url, &c);
        let get = |k| b.get_config_value(&k);
        assert_eq!(get(K::AccountName).as_deref(), Some("acct"));
        assert_eq!(get(K::ContainerName).as_deref(), Some("data"));
        assert_eq!(get(K::AccessKey).as_deref(), Some("S0VZ"));
        assert_eq!(get(K::ClientId).as_deref(), Some("cid"));
        assert_eq!(get(K::AuthorityId).as_deref(), Some("tenant-1"));
        // Another account does not get this account's key.
        let other = Url::parse("abfss://data@other.dfs.core.windows.net/x").unwrap();
        let b = builder(MicrosoftAzureBuilder::new(), &other, &c);
        assert_eq!(b.get_config_value(&K::AccessKey), None);
    }
}
