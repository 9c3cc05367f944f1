//! `aes_encrypt`, `aes_decrypt`, `try_aes_decrypt` (Spark's `AesEncrypt`/`AesDecrypt`, on
//! `ExpressionImplUtils.aesInternal`): AES with a 16, 24 or 32-byte key in GCM (no padding,
//! the default), CBC or ECB (PKCS#5 padding). GCM output is `iv(12) ++ ciphertext ++ tag(16)`
//! and CBC output `iv(16) ++ ciphertext`, with a random IV unless one is given; GCM also takes
//! additional authenticated data.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyInit, KeyIvInit, block_padding::Pkcs7};
use aes_gcm::aead::{Aead, OsRng, Payload, rand_core::RngCore};
use aes_gcm::{Aes128Gcm, Aes256Gcm, AesGcm, Nonce};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType as ArrowType;
use datafusion::common::Result as DfResult;
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility, lit,
};
use sabot_common::error::ExceptionKind;
use sabot_common::{Result, SparkError};

use crate::FunctionContext;
use crate::errors::to_df;
use crate::utils::{cast_to, check_args, is_string};

type Aes192Gcm = AesGcm<aes::Aes192, aes_gcm::aead::consts::U12>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mode {
    Ecb,
    Gcm,
    Cbc,
}

/// One call's arguments for one row.
struct Call<'a> {
    input: &'a [u8],
    key: &'a [u8],
    mode: &'a str,
    padding: &'a str,
    iv: &'a [u8],
    aad: &'a [u8],
}

fn key_length_error(len: usize) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "INVALID_PARAMETER_VALUE.AES_KEY_LENGTH",
        "22023",
        format!("The value of parameter(s) `key` in `aes_encrypt`/`aes_decrypt` is invalid: expects a binary value with 16, 24 or 32 bytes, but got {len} bytes."),
    )
    .param("parameter", "`key`")
    .param("actualLength", len.to_string())
}

fn mode_error(function: &str, mode: &str, padding: &str) -> SparkError {
    // Raised while rows are encrypted: a `SparkRuntimeException` in Spark.
    SparkError::with_class(
        ExceptionKind::Runtime,
        "UNSUPPORTED_FEATURE.AES_MODE",
        "0A000",
        format!("The feature is not supported: AES-{mode} with the padding {padding} by the `{function}` function."),
    )
    .param("mode", mode)
    .param("padding", padding)
    .param("functionName", format!("`{function}`"))
}

fn param_error(sub: &str, message: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        &format!("UNSUPPORTED_FEATURE.{sub}"),
        "0A000",
        format!("The feature is not supported: {message}."),
    )
}

fn crypto_error(detail: &str) -> SparkError {
    SparkError::with_class(
        ExceptionKind::Runtime,
        "INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR",
        "22023",
        format!("The value of parameter(s) `expr`, `key` in `aes_encrypt`/`aes_decrypt` is invalid: detail message: {detail}"),
    )
    .param("parameter", "`expr`, `key`")
    .param("detailMessage", detail)
}

fn mode_of(function: &str, mode: &str, padding: &str) -> Result<Mode> {
    let (m, p) = (mode.to_ascii_uppercase(), padding.to_ascii_uppercase());
    match (m.as_str(), p.as_str()) {
        ("ECB", "PKCS" | "DEFAULT") => Ok(Mode::Ecb),
        ("GCM", "NONE" | "DEFAULT") => Ok(Mode::Gcm),
        ("CBC", "PKCS" | "DEFAULT") => Ok(Mode::Cbc),
        _ => Err(mode_error(function, &m, &p)),
    }
}

macro_rules! by_key {
    ($key:expr, $f:ident, $($arg:expr),*) => {
        match $key.len() {
            16 => $f::<aes::Aes128>($key, $($arg),*),
            24 => $f::<aes::Aes192>($key, $($arg),*),
            32 => $f::<aes::Aes256>($key, $($arg),*),
            n => Err(key_length_error(n)),
        }
    };
}

fn ecb_encrypt<C>(key: &[u8], data: &[u8]) -> Result<Vec<u8>>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockEncrypt + KeyInit,
{
    let enc = ecb::Encryptor::<C>::new_from_slice(key).map_err(|e| crypto_error(&e.to_string()))?;
    Ok(enc.encrypt_padded_vec_mut::<Pkcs7>(data))
}

fn ecb_decrypt<C>(key: &[u8], data: &[u8]) -> Result<Vec<u8>>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockDecrypt + KeyInit,
{
    let dec = ecb::Decryptor::<C>::new_from_slice(key).map_err(|e| crypto_error(&e.to_string()))?;
    dec.decrypt_padded_vec_mut::<Pkcs7>(data)
        .map_err(|_| crypto_error("Given final block not properly padded. Such issues can arise if a bad key is used during decryption."))
}

fn cbc_encrypt<C>(key: &[u8], iv: &[u8], data: &[u8]) -> Result<Vec<u8>>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockEncrypt + KeyInit,
{
    let enc =
        cbc::Encryptor::<C>::new_from_slices(key, iv).map_err(|e| crypto_error(&e.to_string()))?;
    let mut out = iv.to_vec();
    out.extend(enc.encrypt_padded_vec_mut::<Pkcs7>(data));
    Ok(out)
}

fn cbc_decrypt<C>(key: &[u8], data: &[u8]) -> Result<Vec<u8>>
where
    C: aes::cipher::BlockCipher + aes::cipher::BlockDecrypt + KeyInit,
{
    if data.len() < 16 {
        return Err(crypto_error("Input too short"));
    }
    let (iv, body) = data.split_at(16);
    let dec =
        cbc::Decryptor::<C>::new_from_slices(key, iv).map_err(|e| crypto_error(&e.to_string()))?;
    dec.decrypt_padded_vec_mut::<Pkcs7>(body)
        .map_err(|_| crypto_error("Given final block not properly padded. Such issues can arise if a bad key is used during decryption."))
}

fn gcm_encrypt(key: &[u8], iv: &[u8], aad: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    let payload = Payload { msg: data, aad };
    let nonce = Nonce::from_slice(iv);
    let sealed = match key.len() {
        16 => Aes128Gcm::new_from_slice(key)
            .ok()
            .and_then(|c| c.encrypt(nonce, payload).ok()),
        24 => Aes192Gcm::new_from_slice(key)
            .ok()
            .and_then(|c| c.encrypt(nonce, payload).ok()),
        32 => Aes256Gcm::new_from_slice(key)
            .ok()
            .and_then(|c| c.encrypt(nonce, payload).ok()),
        n => return Err(key_length_error(n)),
    };
    let sealed = sealed.ok_or_else(|| crypto_error("encryption failed"))?;
    let mut out = iv.to_vec();
    out.extend(sealed);
    Ok(out)
}

fn gcm_decrypt(key: &[u8], aad: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    if data.len() < 12 + 16 {
        return Err(crypto_error("Input too short"));
    }
    let (iv, body) = data.split_at(12);
    let payload = Payload { msg: body, aad };
    let nonce = Nonce::from_slice(iv);
    let opened = match key.len() {
        16 => Aes128Gcm::new_from_slice(key)
            .ok()
            .map(|c| c.decrypt(nonce, payload)),
        24 => Aes192Gcm::new_from_slice(key)
            .ok()
            .map(|c| c.decrypt(nonce, payload)),
        32 => Aes256Gcm::new_from_slice(key)
            .ok()
            .map(|c| c.decrypt(nonce, payload)),
        n => return Err(key_length_error(n)),
    };
    match opened {
        Some(Ok(v)) => Ok(v),
        _ => Err(crypto_error("Tag mismatch")),
    }
}

fn encrypt(c: &Call<'_>) -> Result<Vec<u8>> {
    let mode = mode_of("aes_encrypt", c.mode, c.padding)?;
    if !matches!(c.key.len(), 16 | 24 | 32) {
        return Err(key_length_error(c.key.len()));
    }
    if !c.aad.is_empty() && mode != Mode::Gcm {
        return Err(param_error(
            "AES_MODE_AAD",
            &format!(
                "`aes_encrypt` with AAD is not supported in {} mode",
                c.mode.to_ascii_uppercase()
            ),
        ));
    }
    match mode {
        Mode::Ecb => {
            if !c.iv.is_empty() {
                return Err(param_error(
                    "AES_MODE_IV",
                    "`aes_encrypt` with an IV is not supported in ECB mode",
                ));
            }
            by_key!(c.key, ecb_encrypt, c.input)
        }
        Mode::Cbc => {
            let iv = iv_or_random(c.iv, 16)?;
            by_key!(c.key, cbc_encrypt, &iv, c.input)
        }
        Mode::Gcm => {
            let iv = iv_or_random(c.iv, 12)?;
            gcm_encrypt(c.key, &iv, c.aad, c.input)
        }
    }
}

fn iv_or_random(iv: &[u8], len: usize) -> Result<Vec<u8>> {
    if iv.is_empty() {
        let mut v = vec![0u8; len];
        OsRng.fill_bytes(&mut v);
        return Ok(v);
    }
    if iv.len() != len {
        return Err(SparkError::with_class(
            ExceptionKind::Runtime,
            "INVALID_PARAMETER_VALUE.AES_IV_LENGTH",
            "22023",
            format!(
                "The value of parameter(s) `iv` in `aes_encrypt` is invalid: expects {len} bytes, but got {} bytes.",
                iv.len()
            ),
        ));
    }
    Ok(iv.to_vec())
}

fn decrypt(c: &Call<'_>) -> Result<Vec<u8>> {
    let mode = mode_of("aes_decrypt", c.mode, c.padding)?;
    if !matches!(c.key.len(), 16 | 24 | 32) {
        return Err(key_length_error(c.key.len()));
    }
    match mode {
        Mode::Ecb => by_key!(c.key, ecb_decrypt, c.input),
        Mode::Cbc => by_key!(c.key, cbc_decrypt, c.input),
        Mode::Gcm => gcm_decrypt(c.key, c.aad, c.input),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Op {
    Encrypt,
    Decrypt,
    TryDecrypt,
}

#[derive(Debug)]
struct AesUdf {
    name: &'static str,
    op: Op,
    signature: Signature,
}

impl PartialEq for AesUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for AesUdf {}
impl Hash for AesUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl ScalarUDFImpl for AesUdf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(ArrowType::Binary)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        // input, key, iv, aad as binary; mode, padding as strings.
        let kinds = [
            ArrowType::Binary,
            ArrowType::Binary,
            ArrowType::Utf8,
            ArrowType::Utf8,
            ArrowType::Binary,
            ArrowType::Binary,
        ];
        let cast_all: Vec<ArrayRef> = arrays
            .iter()
            .zip(kinds.iter())
            .map(|(a, k)| cast(a, k))
            .collect::<Result<_, _>>()?;
        let [input, key, mode, padding, iv, aad] = cast_all.as_slice() else {
            return datafusion::common::exec_err!("{} takes six arguments", self.name);
        };
        let (input, key, iv, aad) = (
            input.as_binary::<i32>(),
            key.as_binary::<i32>(),
            iv.as_binary::<i32>(),
            aad.as_binary::<i32>(),
        );
        let (mode, padding) = (mode.as_string::<i32>(), padding.as_string::<i32>());
        let mut out = BinaryBuilder::new();
        for i in 0..rows {
            if input.is_null(i) || key.is_null(i) || mode.is_null(i) || padding.is_null(i) {
                out.append_null();
                continue;
            }
            let call = Call {
                input: input.value(i),
                key: key.value(i),
                mode: mode.value(i),
                padding: padding.value(i),
                iv: if iv.is_null(i) { &[] } else { iv.value(i) },
                aad: if aad.is_null(i) { &[] } else { aad.value(i) },
            };
            let result = match self.op {
                Op::Encrypt => encrypt(&call),
                Op::Decrypt | Op::TryDecrypt => decrypt(&call),
            };
            match (result, self.op) {
                (Ok(v), _) => out.append_value(v),
                (Err(_), Op::TryDecrypt) => out.append_null(),
                (Err(e), _) => return Err(to_df(e)),
            }
        }
        Ok(ColumnarValue::Array(Arc::new(out.finish())))
    }
}

fn aes_udf(name: &'static str, op: Op) -> Arc<ScalarUDF> {
    crate::utils::udf(AesUdf {
        name,
        op,
        signature: Signature::any(6, Volatility::Volatile),
    })
}

static ENCRYPT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| aes_udf("spark_aes_encrypt", Op::Encrypt));
static DECRYPT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| aes_udf("spark_aes_decrypt", Op::Decrypt));
static TRY_DECRYPT: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| aes_udf("spark_try_aes_decrypt", Op::TryDecrypt));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::clone(&ENCRYPT),
        Arc::clone(&DECRYPT),
        Arc::clone(&TRY_DECRYPT),
    ]
}

/// The six arguments with Spark's defaults (`'GCM'`, `'DEFAULT'`, empty IV and AAD) and
/// strings as their UTF-8 bytes.
fn full_args(
    name: &str,
    args: Vec<DfExpr>,
    max: usize,
    ctx: &FunctionContext<'_>,
) -> Result<Vec<DfExpr>> {
    check_args(name, &args, 2, max)?;
    let defaults = [lit("GCM"), lit("DEFAULT"), lit(""), lit("")];
    let n = args.len();
    let mut out = Vec::with_capacity(6);
    for (i, a) in args.into_iter().enumerate() {
        let t = ctx.arg_type(&a)?;
        let binary_slot = matches!(i, 0 | 1 | 4 | 5);
        out.push(if binary_slot && is_string(&t) {
            cast_to(a, &t, &ArrowType::Binary)
        } else {
            a
        });
    }
    out.extend(defaults.into_iter().skip(n - 2));
    Ok(out)
}

pub(crate) fn build_encrypt(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    Ok(ENCRYPT.call(full_args("aes_encrypt", args, 6, ctx)?))
}

pub(crate) fn build_decrypt(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let mut a = full_args("aes_decrypt", args, 5, ctx)?;
    // Decryption has no IV argument: the fifth is the AAD.
    a.swap(4, 5);
    Ok(DECRYPT.call(a))
}

pub(crate) fn build_try_decrypt(
    args: Vec<DfExpr>,
    _: bool,
    ctx: &FunctionContext<'_>,
) -> Result<DfExpr> {
    let mut a = full_args("try_aes_decrypt", args, 5, ctx)?;
    a.swap(4, 5);
    Ok(TRY_DECRYPT.call(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn decrypts_spark_doc_examples() {
        // `aes_decrypt(unhex('83F16B2A...'), '0000111122223333')` is 'Spark' (Spark's docs).
        let call = Call {
            input: &hex("83F16B2AA704794132802D248E6BFD4E380078182D1544813898AC97E709B28A94"),
            key: b"0000111122223333",
            mode: "GCM",
            padding: "DEFAULT",
            iv: &[],
            aad: &[],
        };
        assert_eq!(decrypt(&call).unwrap(), b"Spark");
    }

    #[test]
    fn round_trips_every_mode() {
        for (mode, key) in [
            ("ECB", &b"0000111122223333"[..]),
            ("CBC", &[7u8; 24][..]),
            ("GCM", &[9u8; 32][..]),
        ] {
            let enc = encrypt(&Call {
                input: b"Spark SQL",
                key,
                mode,
                padding: "DEFAULT",
                iv: &[],
                aad: &[],
            })
            .unwrap();
            let dec = decrypt(&Call {
                input: &enc,
                key,
                mode,
                padding: "DEFAULT",
                iv: &[],
                aad: &[],
            })
            .unwrap();
            assert_eq!(dec, b"Spark SQL");
        }
        assert!(
            encrypt(&Call {
                input: b"x",
                key: b"short",
                mode: "GCM",
                padding: "DEFAULT",
                iv: &[],
                aad: &[]
            })
            .is_err()
        );
    }
}
