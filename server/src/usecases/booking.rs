//! Online booking in the database: the bookable services, free slots as a citizen sees them,
//! booking with the choice of social worker and room, and reading, cancelling and moving an
//! appointment by its manage token.
//!
//! A citizen books a *service*; the social worker is whoever of the service's social workers
//! (role `social_worker`, linked to the service or to no service in particular: see
//! [`handles_service`]) can take the slot, unless the citizen names their own (1 client =
//! 1 social worker), who must be one of them too. Without a name, the worker this contact (same
//! e-mail address or phone number) saw before comes first, then the one with the fewest
//! appointments that day. The room is a free spreekkamer whose profile includes the service,
//! when the location has one.
//!
//! The per-contact limit (`online_bookings_per_contact`, default 2 open future online
//! bookings per e-mail address or phone number) is checked inside the same write transaction
//! as the booking, so two bookings sent at once cannot both slip under it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use onthaal_wire::{
    Contact, Lang, PublicAppointment, PublicCatalogue, PublicPlace, PublicService, PublicStaff,
    Slot,
};
use sqlx::AnyConnection;

use crate::db::{appointments, staff};
use crate::db::{from_ms, ms, Result, StoreError};
use crate::domain::appointment_access::AppointmentAccess;
use crate::domain::appointments::{
    check_bookable, check_handles_service, free_slots, handles_service, local_instant,
    AppointmentState, Availability, BookingSettings, SlotQuery, Taker,
};
use crate::domain::booking::{normalize_email, normalize_phone, same_contact};
use crate::domain::events::EventKind;
use crate::domain::numbering::local_day;
use crate::domain::roles::Role;
use crate::engine::state::LocationState;
use crate::engine::Store;
use crate::usecases::appointments::{
    bookable_staff, booked_between, booking, insert, row_by_id, settings, takers, teams_around,
    unbookable, AppointmentRow, Insert, Takers, TeamsAround,
};

/// A booking request from the public page, contact already checked by the HTTP layer.
#[derive(Debug, Clone)]
pub struct OnlineBooking {
    pub location_id: i64,
    pub service: String,
    pub staff: Option<i64>,
    pub start: DateTime<Utc>,
    pub contact: Contact,
    pub lang: Lang,
}

fn place(st: &LocationState) -> PublicPlace {
    PublicPlace {
        key: st.key.clone(),
        name: st.name.clone(),
        address: st.address.clone(),
        phone: st.phone.clone(),
    }
}

fn public_view(a: &AppointmentRow, st: &LocationState, now: DateTime<Utc>) -> PublicAppointment {
    let local = |v: i64| from_ms(v).with_timezone(&st.tz).fixed_offset();
    let svc = st.service(a.service_id);
    PublicAppointment {
        code: a.code.clone(),
        manage_token: a.manage_token.clone().unwrap_or_default(),
        service: svc.map(|s| s.key.clone()).unwrap_or_default(),
        service_name: svc
            .map(|s| s.name_in(a.lang).to_string())
            .unwrap_or_default(),
        service_name_lang: svc.map_or("nl", |s| s.name_lang(a.lang)),
        start: local(a.start_at),
        end: local(a.end_at),
        duration_min: (a.end_at - a.start_at) / 60_000,
        state: a.state.as_str().to_string(),
        can_change: a.state == AppointmentState::Booked && a.start_at > ms(now),
        lang: a.lang,
        location: place(st),
        room: a.desk_id.and_then(|d| st.desk(d)).map(|d| d.name.clone()),
    }
}

/// A social worker as online booking sees them.
struct Worker {
    id: i64,
    name: String,
    availability: Availability,
    /// The service keys they take appointments for; none: every service.
    services: Vec<String>,
}

/// The location's social workers with their availability and services, by id.
async fn social_workers(conn: &mut AnyConnection) -> Result<Vec<Worker>> {
    let mut out = Vec::new();
    for p in staff::active_plans(conn).await? {
        if p.is(Role::SocialWorker) {
            out.push(Worker {
                availability: p.availability()?,
                services: p.services()?,
                id: p.id,
                name: p.name,
            });
        }
    }
    Ok(out)
}

/// Spreekkamers whose profile includes the service: where an online appointment takes place.
fn rooms_for(st: &LocationState, service_id: i64) -> Vec<i64> {
    st.desks
        .iter()
        .filter(|d| d.kind == "spreekkamer" && d.services.contains(&service_id))
        .map(|d| d.id)
        .collect()
}

/// Booked (not cancelled) intervals in `[lo, hi)`, per staff member and per room.
type Busy = (HashMap<i64, Vec<(i64, i64)>>, HashMap<i64, Vec<(i64, i64)>>);

async fn busy(conn: &mut AnyConnection, lo: i64, hi: i64, except: Option<i64>) -> Result<Busy> {
    let (mut staff, mut rooms): Busy = Default::default();
    for b in booked_between(conn, lo, hi, except).await? {
        if let Some(s) = b.staff_id {
            staff.entry(s).or_insert_with(Vec::new).push(b.at);
        }
        if let Some(d) = b.desk_id {
            rooms.entry(d).or_insert_with(Vec::new).push(b.at);
        }
    }
    Ok((staff, rooms))
}

fn overlaps(list: Option<&Vec<(i64, i64)>>, a: i64, b: i64) -> bool {
    list.is_some_and(|l| l.iter().any(|(x, y)| *x < b && a < *y))
}

async fn bookable_service(
    conn: &mut AnyConnection,
    st: &LocationState,
    key: &str,
) -> Result<(i64, BookingSettings)> {
    let svc = st.service_by_key(key).ok_or_else(|| StoreError::Rejected {
        code: "unknown_service",
        message: format!("there is no service \"{key}\" here"),
    })?;
    let b = booking(conn, svc.id).await?;
    if !b.bookable {
        return Err(StoreError::Rejected {
            code: "not_bookable",
            message: format!("\"{key}\" cannot be booked online"),
        });
    }
    Ok((svc.id, b))
}

/// The candidates for a booking of a service: the named social worker, who must take
/// appointments for it (`staff_not_for_service`), or all of the service's social workers.
fn candidates(workers: Vec<Worker>, service: &str, named: Option<i64>) -> Result<Vec<Worker>> {
    match named {
        None => Ok(workers
            .into_iter()
            .filter(|w| handles_service(&w.services, service))
            .collect()),
        Some(id) => {
            let one = workers
                .into_iter()
                .find(|w| w.id == id && w.availability.has_hours())
                .ok_or_else(|| StoreError::Rejected {
                    code: "unknown_staff",
                    message: format!("staff member {id} cannot be booked online"),
                })?;
            check_handles_service(&one.services, service).map_err(unbookable)?;
            Ok(vec![one])
        }
    }
}

/// Free slots over local dates for the given workers (any of them, while no team of theirs
/// needs them: `teams`, per worker) and rooms (any of them, when the service has rooms). Slots
/// of several workers at the same time count once.
#[allow(clippy::too_many_arguments)]
fn union_of_slots(
    st: &LocationState,
    service_id: i64,
    b: &BookingSettings,
    workers: &[Worker],
    rooms: &[i64],
    busy: &Busy,
    teams: Option<&TeamsAround>,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<Slot> {
    let Some(svc) = st.service(service_id) else {
        return Vec::new();
    };
    let mut out: BTreeMap<i64, (DateTime<Utc>, DateTime<Utc>)> = BTreeMap::new();
    let none = Vec::new();
    for w in workers {
        let q = SlotQuery {
            schedule: &svc.schedule,
            taker: Taker::Person(&w.availability),
            tz: st.tz,
            slot_min: b.slot_min,
            duration_min: b.slot_min,
            from,
            to,
            busy: busy.0.get(&w.id).unwrap_or(&none),
            now,
        };
        for (a, e) in free_slots(&q) {
            let (am, em) = (ms(a), ms(e));
            let room_free =
                rooms.is_empty() || rooms.iter().any(|r| !overlaps(busy.1.get(r), am, em));
            let teams_free = teams.is_none_or(|t| t.spares(w.id, (am, em)));
            if room_free && teams_free {
                out.insert(am, (a, e));
            }
        }
    }
    out.into_values()
        .map(|slot| Slot::local(slot, st.tz))
        .collect()
}

impl Store {
    /// The services of a location citizens may book, with names in `lang` where the
    /// configuration has them, and the social workers they may name, each with the bookable
    /// services they take (a worker who takes none of them is not listed).
    pub async fn public_catalogue(&self, location_id: i64, lang: Lang) -> Result<PublicCatalogue> {
        let st = self.location_state(location_id).await?;
        let mut conn = self.pool.acquire().await?;
        let mut services = Vec::new();
        for s in &st.services {
            let b = booking(&mut conn, s.id).await?;
            if b.bookable {
                let description = s.description_in(lang);
                services.push(PublicService {
                    key: s.key.clone(),
                    name: s.name_in(lang).to_string(),
                    name_lang: s.name_lang(lang),
                    description: description.map(|(d, _)| d.to_string()),
                    description_lang: description.map(|(_, l)| l),
                    slot_min: b.slot_min,
                });
            }
        }
        let staff = social_workers(&mut conn)
            .await?
            .into_iter()
            // Nobody to book with a social worker who has no hours.
            .filter(|w| w.availability.has_hours())
            .filter_map(|w| {
                let keys: Vec<String> = services
                    .iter()
                    .filter(|s| handles_service(&w.services, &s.key))
                    .map(|s| s.key.clone())
                    .collect();
                (!keys.is_empty()).then_some(PublicStaff {
                    id: w.id,
                    name: w.name,
                    services: keys,
                })
            })
            .collect();
        Ok(PublicCatalogue {
            location: place(&st),
            services,
            staff,
            // The store does not know the mail server: the HTTP layer fills this in.
            email_reminders: false,
        })
    }

    /// Free slots of a bookable service over local dates: only times, nothing about who else
    /// booked.
    pub async fn public_slots(
        &self,
        location_id: i64,
        service: &str,
        staff: Option<i64>,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Slot>> {
        let st = self.location_state(location_id).await?;
        let mut conn = self.pool.acquire().await?;
        let (service_id, b) = bookable_service(&mut conn, &st, service).await?;
        let workers = candidates(social_workers(&mut conn).await?, service, staff)?;
        let lo = local_instant(from, 0, st.tz).unwrap_or(now);
        let hi = local_instant(to, 1440, st.tz).unwrap_or(now);
        let busy = busy(&mut conn, ms(lo), ms(hi), None).await?;
        let rooms = rooms_for(&st, service_id);
        let teams = teams_around(&mut conn, (ms(lo), ms(hi)), None, st.tz).await?;
        Ok(union_of_slots(
            &st,
            service_id,
            &b,
            &workers,
            &rooms,
            &busy,
            Some(&teams),
            from,
            to,
            now,
        ))
    }

    /// Books an online appointment (channel `online`): the per-contact limit, the choice of
    /// social worker and room, and every check of a staff booking, in one transaction.
    pub async fn book_online(
        &self,
        req: OnlineBooking,
        now: DateTime<Utc>,
    ) -> Result<PublicAppointment> {
        let contact = req.contact.clone().cleaned()?;
        let email = contact.email.as_deref().and_then(normalize_email);
        let phone = contact.phone.as_deref().and_then(normalize_phone);
        let mut w = self.begin_write(req.location_id, now).await?;
        let st = w.state.clone();
        let (service_id, b) = bookable_service(&mut w.tx, &st, &req.service).await?;
        let max = settings(&mut w.tx, req.location_id)
            .await?
            .online_bookings_per_contact;
        // The contact's open future online bookings, and whom they saw before.
        let rows = appointments::with_contact(&mut w.tx, req.location_id).await?;
        let mut open = 0;
        let mut previous: Option<i64> = None;
        for r in &rows {
            if !same_contact(
                r.email.as_deref(),
                r.phone.as_deref(),
                email.as_deref(),
                phone.as_deref(),
            ) {
                continue;
            }
            if r.channel == "online" && r.state == "booked" && r.start_at > ms(now) {
                open += 1;
            }
            if previous.is_none() && r.state != "cancelled" {
                previous = r.staff_id;
            }
        }
        if open >= max {
            return Err(StoreError::Conflict {
                code: "contact_limit",
                message: format!(
                    "this e-mail address or phone number already has {open} open online appointments (at most {max})"
                ),
            });
        }
        let mut workers = candidates(social_workers(&mut w.tx).await?, &req.service, req.staff)?;
        let duration = b.slot_min as i64;
        let (start, end) = (ms(req.start), ms(req.start + Duration::minutes(duration)));
        let day = local_day(req.start, st.tz);
        // The grid: only the times the page offers, not 10:07.
        let svc = st
            .service(service_id)
            .ok_or_else(|| StoreError::Corrupt("bookable service without a row".into()))?;
        let on_grid = |avail: &Availability| {
            free_slots(&SlotQuery {
                schedule: &svc.schedule,
                taker: Taker::Person(avail),
                tz: st.tz,
                slot_min: b.slot_min,
                duration_min: b.slot_min,
                from: day,
                to: day,
                busy: &[],
                now,
            })
            .iter()
            .any(|(a, _)| ms(*a) == start)
        };
        let busy = busy(&mut w.tx, start, end, None).await?;
        let load =
            appointments::count_per_staff(&mut w.tx, &day.format("%Y-%m-%d").to_string()).await?;
        workers.sort_by_key(|w| {
            (
                Some(w.id) != previous,
                load.get(&w.id).copied().unwrap_or(0),
                w.id,
            )
        });
        let rooms = rooms_for(&st, service_id);
        let room = if rooms.is_empty() {
            None
        } else {
            match rooms.iter().find(|r| !overlaps(busy.1.get(r), start, end)) {
                Some(r) => Some(*r),
                None => return Err(slot_taken()),
            }
        };
        let mut refusal = None;
        let mut chosen = None;
        // The team appointments then: read once, when the first worker free then is weighed.
        let mut teams = None;
        for wk in &workers {
            let avail = &wk.availability;
            if let Err(u) = check_bookable(
                &svc.schedule,
                Taker::Person(avail),
                st.tz,
                req.start,
                duration,
                now,
            ) {
                refusal.get_or_insert(unbookable(u));
                continue;
            }
            if !on_grid(avail) {
                refusal.get_or_insert(StoreError::Rejected {
                    code: "invalid_start",
                    message: "choose one of the free times of the list".into(),
                });
                continue;
            }
            if overlaps(busy.0.get(&wk.id), start, end) {
                refusal = Some(slot_taken());
                continue;
            }
            let teams = match &teams {
                Some(t) => t,
                None => teams.insert(teams_around(&mut w.tx, (start, end), None, st.tz).await?),
            };
            if !teams.spares(wk.id, (start, end)) {
                refusal = Some(slot_taken());
                continue;
            }
            chosen = Some(wk.id);
            break;
        }
        let Some(staff_id) = chosen else {
            return Err(refusal.unwrap_or_else(slot_taken));
        };
        let day = day.format("%Y-%m-%d").to_string();
        let id = insert(
            &mut w,
            &Insert {
                location_id: req.location_id,
                service_id,
                staff: Some(staff_id),
                desk: room,
                start,
                end,
                day: &day,
                contact: &contact,
                lang: req.lang,
                created_by: None,
                channel: "online",
            },
            now,
        )
        .await?;
        let a = row_by_id(&mut w.tx, id).await?;
        let view = public_view(&a, &st, now);
        self.publish_appointment_event(w, &a, EventKind::AppointmentBooked, None, now)
            .await?;
        Ok(view)
    }

    async fn by_token(&self, token: &str) -> Result<AppointmentRow> {
        appointments::by_manage_token(&self.pool, token).await
    }

    /// The appointment behind a manage token.
    pub async fn public_appointment(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<PublicAppointment> {
        let a = self.by_token(token).await?;
        let st = self.location_state(a.location_id).await?;
        Ok(public_view(&a, &st, now))
    }

    /// Cancels the appointment behind a manage token (only while booked and in the future).
    pub async fn cancel_online(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<PublicAppointment> {
        let a = self.by_token(token).await?;
        if a.start_at <= ms(now) {
            return Err(past());
        }
        // The manage token is the citizen's key to this one appointment, matched above.
        self.end_appointment(
            &AppointmentAccess::Everyone,
            a.id,
            AppointmentState::Cancelled,
            None,
            now,
        )
        .await?;
        self.public_appointment(token, now).await
    }

    /// Moves the appointment behind a manage token to another free slot: same social worker
    /// and room (1 client = 1 social worker), same checks as booking.
    pub async fn move_online(
        &self,
        token: &str,
        start: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<PublicAppointment> {
        let a = self.by_token(token).await?;
        if a.start_at <= ms(now) {
            return Err(past());
        }
        let st = self.location_state(a.location_id).await?;
        let day = local_day(start, st.tz);
        let is_in = |slots: &[Slot]| {
            slots
                .iter()
                .any(|s| s.start.timestamp_millis() == ms(start))
        };
        if !is_in(&self.free_slots_of(&a, day, day, now, false).await?) {
            // Tell a taken slot apart from a time that never was one (or has passed).
            return Err(
                if is_in(&self.free_slots_of(&a, day, day, now, true).await?) {
                    slot_taken()
                } else if start <= now {
                    unbookable(crate::domain::appointments::Unbookable::InPast)
                } else {
                    StoreError::Rejected {
                        code: "invalid_start",
                        message: "choose one of the free times of the list".into(),
                    }
                },
            );
        }
        // As for cancelling: the manage token reaches this appointment.
        self.move_appointment(&AppointmentAccess::Everyone, a.id, start, None, now)
            .await?;
        self.public_appointment(token, now).await
    }

    /// Free slots to move the appointment behind a manage token to: its social worker's and
    /// room's free times.
    pub async fn move_slots(
        &self,
        token: &str,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Slot>> {
        let a = self.by_token(token).await?;
        let mut slots = self.free_slots_of(&a, from, to, now, false).await?;
        // Its own time is no place to move to.
        slots.retain(|s| s.start.timestamp_millis() != a.start_at);
        Ok(slots)
    }

    /// Free slots of an appointment's worker and room over local dates (`ignore_busy`: the
    /// grid only), the appointment itself not counting as busy.
    async fn free_slots_of(
        &self,
        a: &AppointmentRow,
        from: NaiveDate,
        to: NaiveDate,
        now: DateTime<Utc>,
        ignore_busy: bool,
    ) -> Result<Vec<Slot>> {
        let st = self.location_state(a.location_id).await?;
        let mut conn = self.pool.acquire().await?;
        let b = booking(&mut conn, a.service_id).await?;
        let service = st
            .service(a.service_id)
            .map(|s| s.key.clone())
            .unwrap_or_default();
        let lo = local_instant(from, 0, st.tz).unwrap_or(now);
        let hi = local_instant(to, 1440, st.tz).unwrap_or(now);
        let Some(s) = a.staff_id else {
            // A team appointment moves to where one of the team is free (itself not counting).
            let (Some(svc), Some(duration)) = (
                st.service(a.service_id),
                u32::try_from((a.end_at - a.start_at) / 60_000).ok(),
            ) else {
                return Ok(Vec::new());
            };
            let mut takers = takers(
                &mut conn,
                None,
                &service,
                (ms(lo), ms(hi)),
                Some(a.id),
                st.tz,
            )
            .await?;
            if let (true, Takers::Team { teams, .. }) = (ignore_busy, &mut takers) {
                // The grid only: the team's hours, nobody's bookings.
                teams.booked.clear();
                teams.members.iter_mut().for_each(|m| m.busy.clear());
            }
            let room_busy: Vec<(i64, i64)> = match (ignore_busy, a.desk_id) {
                (false, Some(room)) => busy(&mut conn, ms(lo), ms(hi), Some(a.id))
                    .await?
                    .1
                    .remove(&room)
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            return Ok(free_slots(&SlotQuery {
                schedule: &svc.schedule,
                taker: takers.taker(),
                tz: st.tz,
                slot_min: b.slot_min,
                duration_min: duration,
                from,
                to,
                busy: &room_busy,
                now,
            })
            .into_iter()
            .map(|slot| Slot::local(slot, st.tz))
            .collect());
        };
        let (availability, services) = bookable_staff(&mut conn, s).await?;
        // A worker no longer linked to the service (the configuration changed since the
        // booking) has no times to offer: the citizen is asked to call instead.
        if !handles_service(&services, &service) {
            return Ok(Vec::new());
        }
        let worker = Worker {
            id: s,
            name: String::new(),
            availability,
            services,
        };
        let busy = if ignore_busy {
            Busy::default()
        } else {
            busy(&mut conn, ms(lo), ms(hi), Some(a.id)).await?
        };
        let rooms: Vec<i64> = a.desk_id.into_iter().collect();
        let b = BookingSettings {
            slot_min: ((a.end_at - a.start_at) / 60_000) as u32,
            ..b
        };
        let teams = if ignore_busy {
            None
        } else {
            Some(teams_around(&mut conn, (ms(lo), ms(hi)), Some(a.id), st.tz).await?)
        };
        Ok(union_of_slots(
            &st,
            a.service_id,
            &b,
            &[worker],
            &rooms,
            &busy,
            teams.as_ref(),
            from,
            to,
            now,
        ))
    }
}

fn slot_taken() -> StoreError {
    StoreError::Conflict {
        code: "slot_taken",
        message: "that time has just been booked by someone else".into(),
    }
}

fn past() -> StoreError {
    StoreError::Conflict {
        code: "invalid_transition",
        message: "an appointment that has started or passed cannot be changed online".into(),
    }
}
