//! The `observed_metrics` response: each observation's values as literals under their metric
//! names, sent after the result's metrics (as Spark's `SparkConnectPlanExecution` does).

use sabot_common::Result;
use sabot_common::spec::DataType;
use sabot_plan::observe::ObservedMetrics;
use spark_connect_proto::connect::ExecutePlanResponse;
use spark_connect_proto::connect::execute_plan_response::ObservedMetrics as ProtoObserved;

/// One response with every observation of the execution.
pub fn response(time_zone: &str, observed: Vec<ObservedMetrics>) -> Result<ExecutePlanResponse> {
    let mut out = Vec::with_capacity(observed.len());
    for o in observed {
        let arrow_schema = sabot_plan::types::to_spark_arrow_schema(&o.values.schema(), time_zone)?;
        let values = sabot_plan::types::cast_batch_to_schema(&o.values, &arrow_schema)?;
        let DataType::Struct(fields) = sabot_plan::types::spark_schema(&arrow_schema)? else {
            return Err(sabot_common::SparkError::internal("metrics are not a row"));
        };
        let mut keys = Vec::with_capacity(fields.len());
        let mut literals = Vec::with_capacity(fields.len());
        for (field, column) in fields.iter().zip(values.columns()) {
            keys.push(field.name.clone());
            literals.push(sabot_connect::literal_to_proto(
                column.as_ref(),
                0,
                &field.data_type,
            )?);
        }
        out.push(ProtoObserved {
            name: o.name,
            values: literals,
            keys,
            plan_id: o.plan_id,
            root_error_idx: None,
            errors: Vec::new(),
        });
    }
    Ok(ExecutePlanResponse {
        observed_metrics: out,
        ..Default::default()
    })
}
