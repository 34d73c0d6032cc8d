//! Statistics for managers: `GET /api/v1/stats` (the contract's summary), the dashboard's
//! tables (`/api/v1/stats/{table}`), their CSV export and the live figures.
//!
//! Only managers and admins (`Permission::ReadStats`), checked here on the server whatever the
//! page shows. Everything is anonymous: visits carry a service, a desk, a channel and at most a
//! staff *id* as a filter; no table or export has a name of a visitor or of a staff member
//! (a per-person figure with a name would be personal data of that employee, and performance
//! per employee is not what this dashboard is for; a filter by id lets a team lead look at a
//! shift without the export naming anyone).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::NaiveDate;

use super::csv::csv_field;
use super::error::{ApiError, ApiResult};
use super::extract::{ApiPath, ApiQuery, Caller, LocationQuery};
use super::AppState;
use crate::domain::numbering::local_day;
use crate::domain::roles::Permission;
use crate::domain::stats::Filter;
use onthaal_wire::stats::{Live, Report, Table};

/// The longest period one request may cover (ten years), so a typo cannot ask for centuries.
const MAX_DAYS: i64 = 3660;

#[derive(serde::Deserialize, Default)]
pub struct StatsQuery {
    location: Option<String>,
    /// First and last local day, inclusive (`YYYY-MM-DD`); default: today.
    from: Option<String>,
    to: Option<String>,
    service: Option<String>,
    desk: Option<String>,
    staff: Option<String>,
    channel: Option<String>,
    /// For the CSV export: which table.
    table: Option<String>,
}

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(code, message)
}

fn parse_day(name: &str, v: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
        bad(
            "invalid_period",
            format!("{name} must be a date like 2026-11-24, not \"{v}\""),
        )
    })
}

fn parse_id(name: &str, v: &str) -> ApiResult<i64> {
    v.parse()
        .map_err(|_| bad("invalid_filter", format!("{name} must be a number id")))
}

/// An empty parameter (`?service=`) means "no filter", as an HTML form sends it.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

async fn filter(state: &AppState, caller: &Caller, q: &StatsQuery) -> ApiResult<Filter> {
    caller.require(Permission::ReadStats, "read statistics")?;
    let location_id = state.location_for(
        Some(&caller.0),
        &LocationQuery {
            location: q.location.clone(),
        },
    )?;
    let st = state.store.location_state(location_id).await?;
    let today = local_day(state.clock.now(), st.tz);
    let from = given(&q.from)
        .map(|v| parse_day("from", v))
        .transpose()?
        .unwrap_or(today);
    let to = given(&q.to)
        .map(|v| parse_day("to", v))
        .transpose()?
        .unwrap_or(if given(&q.from).is_some() {
            from.max(today)
        } else {
            today
        });
    if from > to {
        return Err(bad("invalid_period", "from must not be after to"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(bad("invalid_period", "ask for at most ten years at a time"));
    }
    let service_id = match given(&q.service) {
        None => None,
        Some(key) => Some(st.service_by_key(key).map(|s| s.id).ok_or_else(|| {
            bad(
                "unknown_service",
                format!("there is no service \"{key}\" here"),
            )
        })?),
    };
    let desk_id = match given(&q.desk) {
        None => None,
        Some(v) => {
            let id = parse_id("desk", v)?;
            if st.desk(id).is_none() {
                return Err(bad("unknown_desk", format!("there is no desk {id} here")));
            }
            Some(id)
        }
    };
    let staff_id = given(&q.staff).map(|v| parse_id("staff", v)).transpose()?;
    let channel = match given(&q.channel) {
        None => None,
        // `online`: appointments booked online (their check-in tickets are `appointment`).
        Some(c @ ("kiosk" | "desk" | "appointment" | "online")) => Some(c.to_string()),
        Some(c) => {
            return Err(bad(
                "invalid_filter",
                format!("channel is kiosk, desk, appointment or online, not \"{c}\""),
            ))
        }
    };
    Ok(Filter {
        location_id,
        from,
        to,
        service_id,
        desk_id,
        staff_id,
        channel,
    })
}

/// `GET /api/v1/stats`: the period's figures (see [`crate::domain::stats`] for definitions).
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> ApiResult<Json<Report>> {
    let f = filter(&state, &caller, &q).await?;
    Ok(Json(state.store.stats_report(&f).await?))
}

/// `GET /api/v1/stats/{table}`: one of the dashboard's tables, as columns and rows.
pub async fn table(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(name): ApiPath<String>,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> ApiResult<Json<Table>> {
    let f = filter(&state, &caller, &q).await?;
    state
        .store
        .stats_table(&name, &f)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("statistics table \"{name}\"")))
}

/// `GET /api/v1/stats/live`: per service and per desk, now.
pub async fn live(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<LocationQuery>,
) -> ApiResult<Json<Live>> {
    caller.require(Permission::ReadStats, "read statistics")?;
    let location = state.location_for(Some(&caller.0), &q)?;
    Ok(Json(
        state.store.stats_live(location, state.clock.now()).await?,
    ))
}

/// A number as Belgian Excel reads it: decimal comma, no thousands separator.
fn csv_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => csv_field(s),
        serde_json::Value::Number(n) if n.is_f64() => n.to_string().replace('.', ","),
        other => other.to_string(),
    }
}

/// The CSV of a table: UTF-8 with a BOM (so Excel reads it as UTF-8), `;` between fields and
/// a decimal comma, as Belgian Excel expects; shares as fractions (0,8333), times in seconds
/// or minutes as the header says.
pub fn table_csv(t: &Table) -> String {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let unit = match c.unit {
                "s" => " (seconden)",
                "min" => " (minuten)",
                "share" => " (0-1)",
                _ => "",
            };
            csv_field(&format!("{}{unit}", c.label))
        })
        .collect();
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for row in &t.rows {
        out.push_str(&row.iter().map(csv_value).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out
}

/// `GET /api/v1/stats/export.csv?table=NAME&…`: a table as CSV for Excel.
pub async fn export_csv(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> ApiResult<impl IntoResponse> {
    let f = filter(&state, &caller, &q).await?;
    let name = given(&q.table).unwrap_or("summary").to_string();
    let t = state
        .store
        .stats_table(&name, &f)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("statistics table \"{name}\"")))?;
    let file = format!(
        "attachment; filename=\"onthaal-{}-{}-{}.csv\"",
        t.table,
        f.from.format("%Y%m%d"),
        f.to.format("%Y%m%d")
    );
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, file),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        table_csv(&t),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats::column;
    use serde_json::json;

    #[test]
    fn csv_has_bom_semicolons_and_decimal_commas() {
        let t = Table {
            table: "x",
            title: "X",
            from: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            columns: vec![
                column("a", "Dienst", "text"),
                column("b", "Wacht", "s"),
                column("c", "Binnen", "share"),
            ],
            rows: vec![vec![json!("ID-team; info"), json!(300), json!(0.8333)]],
        };
        assert_eq!(
            table_csv(&t),
            "\u{feff}Dienst;Wacht (seconden);Binnen (0-1)\r\n\"ID-team; info\";300;0,8333\r\n"
        );
    }
}
