//! Encryption functions: AES in GCM, CBC and ECB modes.

mod aes;

use std::sync::Arc;

use datafusion::logical_expr::ScalarUDF;

use crate::scalar;
use crate::{FunctionEntry, display_call};

pub(crate) static TABLE: &[FunctionEntry] = &[
    scalar("aes_decrypt", aes::build_decrypt, display_call),
    scalar("aes_encrypt", aes::build_encrypt, display_call),
    scalar("try_aes_decrypt", aes::build_try_decrypt, display_call),
];

pub(crate) fn udfs() -> Vec<Arc<ScalarUDF>> {
    aes::udfs()
}
