//! `s3://`, `s3a://` and `s3n://` buckets: an `AmazonS3` store configured from Hadoop's S3A
//! settings (`fs.s3a.*`, per bucket `fs.s3a.bucket.<bucket>.*`) over what `object_store` reads
//! from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_REGION`, `AWS_ENDPOINT`, container and instance credentials).

use object_store::aws::AmazonS3Builder;

use super::settings::HadoopConf;

/// The schemes served by [`builder`].
pub const SCHEMES: &[&str] = &["s3", "s3a", "s3n"];

/// The builder of `bucket`'s store: `base` (the environment's settings) with the Hadoop
/// settings applied over it.
pub fn builder(base: AmazonS3Builder, bucket: &str, conf: &HadoopConf) -> AmazonS3Builder {
    let mut b = base.with_bucket_name(bucket);
    if let Some(v) = conf.s3a(bucket, "access.key") {
        b = b.with_access_key_id(v);
    }
    if let Some(v) = conf.s3a(bucket, "secret.key") {
        b = b.with_secret_access_key(v);
    }
    if let Some(v) = conf.s3a(bucket, "session.token") {
        b = b.with_token(v);
    }
    if let Some(v) = conf.s3a(bucket, "endpoint.region") {
        b = b.with_region(v);
    }
    let path_style = conf
        .s3a(bucket, "path.style.access")
        .map(|v| v.eq_ignore_ascii_case("true"));
    if let Some(endpoint) = conf.s3a(bucket, "endpoint") {
        // S3A takes a host (scheme from `connection.ssl.enabled`) or a URL, and addresses a
        // bucket as a subdomain of it unless path-style access is on (its default is off).
        let ssl = conf.s3a_bool(bucket, "connection.ssl.enabled", true);
        let default_scheme = if ssl { "https" } else { "http" };
        let (scheme, host) = match endpoint.split_once("://") {
            Some((s, h)) => (s.to_ascii_lowercase(), h),
            None => (default_scheme.to_string(), endpoint),
        };
        let host = host.trim_end_matches('/');
        let virtual_hosted = !path_style.unwrap_or(false);
        // `object_store` expects a virtual-hosted endpoint to name the bucket already.
        let host = if virtual_hosted {
            format!("{bucket}.{host}")
        } else {
            host.to_string()
        };
        b = b
            .with_endpoint(format!("{scheme}://{host}"))
            .with_virtual_hosted_style_request(virtual_hosted)
            .with_allow_http(scheme == "http");
    } else if let Some(path_style) = path_style {
        b = b.with_virtual_hosted_style_request(!path_style);
    }
    // Hadoop's anonymous credentials provider: unsigned requests (public buckets).
    if conf
        .s3a(bucket, "aws.credentials.provider")
        .is_some_and(|p| p.contains("AnonymousAWSCredentialsProvider"))
    {
        b = b.with_skip_signature(true);
    }
    b
}

#[cfg(test)]
mod tests {
    use object_store::aws::AmazonS3ConfigKey as K;

    use super::*;

    fn conf(pairs: &[(&str, &str)]) -> HadoopConf {
        HadoopConf::from_spark(pairs.iter().map(|(k, v)| (*k, *v)))
    }

    #[test]
    fn s3a_settings_map_to_the_builder() {
        let c = conf(&[
            ("spark.hadoop.fs.s3a.access.key", "AK"),
            ("spark.hadoop.fs.s3a.secret.key", "SK"),
            ("spark.hadoop.fs.s3a.session.token", "TOK"),
            ("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000/"),
            ("spark.hadoop.fs.s3a.path.style.access", "true"),
            ("spark.hadoop.fs.s3a.endpoint.region", "eu-west-1"),
            ("spark.hadoop.fs.s3a.bucket.other.access.key", "AK2"),
        ]);
        let b = builder(AmazonS3Builder::new(), "data", &c);
        let get = |k| b.get_config_value(&k);
        assert_eq!(get(K::Bucket).as_deref(), Some("data"));
        assert_eq!(get(K::AccessKeyId).as_deref(), Some("AK"));
        assert_eq!(get(K::SecretAccessKey).as_deref(), Some("SK"));
        assert_eq!(get(K::Token).as_deref(), Some("TOK"));
        assert_eq!(get(K::Region).as_deref(), Some("eu-west-1"));
        assert_eq!(get(K::Endpoint).as_deref(), Some("http://127.0.0.1:9000"));
        assert_eq!(get(K::VirtualHostedStyleRequest).as_deref(), Some("false"));
        assert!(b.build().is_ok());
        let other = builder(AmazonS3Builder::new(), "other", &c);
        assert_eq!(
            other.get_config_value(&K::AccessKeyId).as_deref(),
            Some("AK2")
        );
    }

    #[test]
    fn endpoint_host_follows_ssl_and_virtual_hosting() {
        let c = conf(&[
            ("spark.hadoop.fs.s3a.endpoint", "minio.local:9000"),
            ("spark.hadoop.fs.s3a.connection.ssl.enabled", "false"),
        ]);
        let b = builder(AmazonS3Builder::new(), "logs", &c);
        assert_eq!(
            b.get_config_value(&K::Endpoint).as_deref(),
            Some("http://logs.minio.local:9000")
        );
        assert_eq!(
            b.get_config_value(&K::VirtualHostedStyleRequest).as_deref(),
            Some("true")
        );
        let anon = conf(&[(
            "spark.hadoop.fs.s3a.aws.credentials.provider",
            "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider",
        )]);
        let b = builder(AmazonS3Builder::new(), "public", &anon);
        assert_eq!(
            b.get_config_value(&K::SkipSignature).as_deref(),
            Some("true")
        );
    }
}
