//! `md5`, `sha1`/`sha`, `sha2` and `crc32` (Spark's `Md5`, `Sha1`, `Sha2`, `Crc32`): digests
//! of a binary argument (a string argument is its UTF-8 bytes), as lower-case hex strings, and
//! `crc32` as a `bigint`. `sha2` takes a bit length of 224, 256, 384 or 512 (0 means 256); any
//! other gives NULL.

use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType as ArrowType, Int64Type};
use datafusion::common::{Result as DfResult, exec_err};
use datafusion::logical_expr::{
    ColumnarValue, Expr as DfExpr, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature,
    Volatility,
};
use md5::Digest;
use sabot_common::Result;

use crate::FunctionContext;
use crate::errors::unexpected_input_type;
use crate::utils::{cast_to, check_args, is_string, take_args};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Algo {
    Md5,
    Sha1,
    Sha2,
    Crc32,
}

#[derive(Debug)]
struct DigestUdf {
    name: &'static str,
    algo: Algo,
    signature: Signature,
}

impl PartialEq for DigestUdf {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl Eq for DigestUdf {}
impl Hash for DigestUdf {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn sha2(bits: i64, data: &[u8]) -> Option<String> {
    Some(match bits {
        224 => hex(&sha2::Sha224::digest(data)),
        0 | 256 => hex(&sha2::Sha256::digest(data)),
        384 => hex(&sha2::Sha384::digest(data)),
        512 => hex(&sha2::Sha512::digest(data)),
        _ => return None,
    })
}

impl ScalarUDFImpl for DigestUdf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _: &[ArrowType]) -> DfResult<ArrowType> {
        Ok(match self.algo {
            Algo::Crc32 => ArrowType::Int64,
            _ => ArrowType::Utf8,
        })
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> DfResult<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let Some(data) = arrays.first() else {
            return exec_err!("{} needs an argument", self.name);
        };
        let data = cast(data, &ArrowType::Binary)?;
        let data = data.as_binary::<i32>();
        let bits = match arrays.get(1) {
            Some(b) => Some(cast(b, &ArrowType::Int64)?),
            None => None,
        };
        let bits = bits.as_ref().map(|b| b.as_primitive::<Int64Type>());
        let rows = data.len();
        let out: ArrayRef = match self.algo {
            Algo::Crc32 => Arc::new(
                (0..rows)
                    .map(|i| {
                        data.is_valid(i)
                            .then(|| i64::from(crc32fast::hash(data.value(i))))
                    })
                    .collect::<Int64Array>(),
            ),
            algo => Arc::new(
                (0..rows)
                    .map(|i| {
                        if data.is_null(i) {
                            return None;
                        }
                        let v = data.value(i);
                        match algo {
                            Algo::Md5 => Some(hex(&md5::Md5::digest(v))),
                            Algo::Sha1 => Some(hex(&sha1::Sha1::digest(v))),
                            _ => {
                                let b = bits?;
                                if b.is_null(i) {
                                    None
                                } else {
                                    sha2(b.value(i), v)
                                }
                            }
                        }
                    })
                    .collect::<StringArray>(),
            ),
        };
        Ok(ColumnarValue::Array(out))
    }
}

fn digest_udf(name: &'static str, algo: Algo, args: usize) -> Arc<ScalarUDF> {
    crate::utils::udf(DigestUdf {
        name,
        algo,
        signature: Signature::any(args, Volatility::Immutable),
    })
}

static MD5: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| digest_udf("spark_md5", Algo::Md5, 1));
static SHA1: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| digest_udf("spark_sha1", Algo::Sha1, 1));
static SHA2: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| digest_udf("spark_sha2", Algo::Sha2, 2));
static CRC32: LazyLock<Arc<ScalarUDF>> =
    LazyLock::new(|| digest_udf("spark_crc32", Algo::Crc32, 1));

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    vec![
        Arc::clone(&MD5),
        Arc::clone(&SHA1),
        Arc::clone(&SHA2),
        Arc::clone(&CRC32),
    ]
}

/// The binary argument: strings are their UTF-8 bytes; other types are Spark's type error.
fn binary_arg(name: &str, e: DfExpr, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let t = ctx.arg_type(&e)?;
    if is_string(&t) || t == ArrowType::Null {
        Ok(cast_to(e, &t, &ArrowType::Binary))
    } else if matches!(
        t,
        ArrowType::Binary | ArrowType::LargeBinary | ArrowType::BinaryView
    ) {
        Ok(e)
    } else {
        Err(unexpected_input_type(
            name,
            format!(
                "The first parameter requires the \"BINARY\" type, however the argument has the type {t}"
            ),
        ))
    }
}

pub(crate) fn build_md5(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [b] = take_args("md5", args)?;
    Ok(MD5.call(vec![binary_arg("md5", b, ctx)?]))
}

pub(crate) fn build_sha1(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [b] = take_args("sha1", args)?;
    Ok(SHA1.call(vec![binary_arg("sha1", b, ctx)?]))
}

pub(crate) fn build_crc32(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    let [b] = take_args("crc32", args)?;
    Ok(CRC32.call(vec![binary_arg("crc32", b, ctx)?]))
}

pub(crate) fn build_sha2(args: Vec<DfExpr>, _: bool, ctx: &FunctionContext<'_>) -> Result<DfExpr> {
    check_args("sha2", &args, 2, 2)?;
    let [b, bits] = take_args("sha2", args)?;
    let t = ctx.arg_type(&bits)?;
    if !(crate::utils::is_integral(&t) || t == ArrowType::Null) {
        return Err(unexpected_input_type(
            "sha2",
            format!(
                "The second parameter requires the \"INT\" type, however the argument has the type {t}"
            ),
        ));
    }
    Ok(SHA2.call(vec![binary_arg("sha2", b, ctx)?, bits]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_match_spark_docs() {
        // Spark's documented examples for md5/sha1/sha2('Spark', 256).
        assert_eq!(
            hex(&md5::Md5::digest(b"Spark")),
            "8cde774d6f7333752ed72cacddb05126"
        );
        assert_eq!(
            hex(&sha1::Sha1::digest(b"Spark")),
            "85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"
        );
        assert_eq!(
            sha2(256, b"Spark").as_deref(),
            Some("529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b")
        );
        assert_eq!(sha2(1, b"Spark"), None);
        assert_eq!(crc32fast::hash(b"Spark"), 1_557_323_817);
    }
}
