//! Deciding: which events a command causes in the current state, or why it is refused.
//! Reads the state only; `evolve` applies the outcome.

use chrono::{DateTime, Utc};

use crate::model::{ClerkId, CounterId, FieldCode, Ticket, TicketId, TicketState};

use super::{Command, CounterState, Engine, EventKind, NoShowCause, Refusal, numbering, policy};

type Decision = Result<Vec<EventKind>, Refusal>;

/// The events `command` causes at `now`.
pub fn decide(engine: &Engine, command: &Command, now: DateTime<Utc>) -> Decision {
    let d = Decider { engine };
    match command {
        Command::IssueTicket {
            field,
            class,
            source,
        } => d.issue(field, now).map(|(number, display)| {
            vec![EventKind::TicketIssued {
                ticket: TicketId(engine.state().next_ticket),
                field: field.clone(),
                number,
                display,
                class: *class,
                source: source.clone(),
            }]
        }),
        Command::CallNext { counter } => d.call(*counter, None, now),
        Command::CallTicket { counter, ticket } => d.call(*counter, Some(*ticket), now),
        Command::Recall { counter } => d.recall(*counter),
        Command::StartServing { counter } => d.start(*counter),
        Command::Finish { counter } => {
            let (_, t) = d.current(*counter)?;
            Ok(vec![EventKind::TicketFinished {
                ticket: t.id,
                counter: *counter,
            }])
        }
        Command::NoShow { counter } => {
            let (_, t) = d.current(*counter)?;
            need_state(t, TicketState::Called, "called")?;
            Ok(vec![EventKind::TicketNoShow {
                ticket: t.id,
                counter: *counter,
                cause: NoShowCause::Clerk,
            }])
        }
        Command::BringBack { ticket } => d.bring_back(*ticket, now),
        Command::Transfer {
            ticket,
            to,
            keep_place,
        } => d.transfer(*ticket, to, *keep_place),
        Command::Cancel { ticket } => {
            let t = d.active_ticket(*ticket)?;
            Ok(vec![EventKind::TicketCancelled {
                ticket: t.id,
                counter: held_by(t),
            }])
        }
        Command::OpenCounter {
            counter,
            clerk,
            fields,
        } => d.open_counter(*counter, clerk, fields),
        Command::ServeFields { counter, fields } => {
            d.open(*counter)?;
            let fields = d.field_list(*counter, fields)?;
            Ok(vec![EventKind::CounterFieldsChanged {
                counter: *counter,
                fields,
            }])
        }
        Command::CloseCounter { counter } => {
            let c = d.open(*counter)?;
            if let Some(t) = c.current.and_then(|id| engine.ticket(id)) {
                return Err(Refusal::CounterBusy {
                    counter: *counter,
                    ticket: t.display.clone(),
                });
            }
            Ok(vec![EventKind::CounterClosed { counter: *counter }])
        }
        Command::Pause { counter, reason } => {
            let c = d.open(*counter)?;
            if let Some(reason) = &c.paused {
                return Err(Refusal::CounterPaused {
                    counter: *counter,
                    reason: reason.clone(),
                });
            }
            let reason = reason.trim();
            if reason.is_empty() || reason.chars().count() > 200 {
                return Err(Refusal::BadReason);
            }
            Ok(vec![EventKind::CounterPaused {
                counter: *counter,
                reason: reason.to_string(),
            }])
        }
        Command::Resume { counter } => match d.open(*counter)?.paused {
            Some(_) => Ok(vec![EventKind::CounterResumed { counter: *counter }]),
            None => Err(Refusal::CounterNotPaused { counter: *counter }),
        },
        Command::OpenField { field } => match d.field_open(field)? {
            true => Err(Refusal::FieldAlreadyOpen {
                field: field.clone(),
            }),
            false => Ok(vec![EventKind::FieldOpened {
                field: field.clone(),
            }]),
        },
        Command::CloseField { field } => match d.field_open(field)? {
            true => Ok(vec![EventKind::FieldClosed {
                field: field.clone(),
            }]),
            false => Err(Refusal::FieldClosed {
                field: field.clone(),
            }),
        },
        Command::Rollover => Ok(vec![]),
        Command::DeviceLink { device, online } => Ok(super::devices::link(engine, device, *online)),
        Command::ForgetGoneDevices => Ok(super::devices::forget_gone(engine, now)),
        Command::RateTicket {
            ticket,
            score,
            reason,
            via,
        } => super::rating::decide(engine, *ticket, *score, reason.as_deref(), *via, now),
        Command::ReportDevice { device, problem } => {
            let problem = problem.as_deref().map(str::trim).filter(|p| !p.is_empty());
            let bad_name = device.trim().is_empty() || device.chars().count() > 64;
            if bad_name || problem.is_some_and(|p| p.chars().count() > 200) {
                return Err(Refusal::BadReport);
            }
            let known = engine
                .state()
                .device_problems
                .get(device)
                .map(String::as_str);
            if known == problem {
                return Ok(vec![]);
            }
            Ok(vec![EventKind::DeviceReported {
                device: device.clone(),
                problem: problem.map(str::to_string),
            }])
        }
    }
}

fn need_state(t: &Ticket, state: TicketState, needed: &str) -> Result<(), Refusal> {
    if t.state == state {
        Ok(())
    } else {
        Err(Refusal::WrongTicketState {
            ticket: t.display.clone(),
            state: t.state,
            needed: needed.to_string(),
        })
    }
}

/// The counter holding a called or served ticket.
fn held_by(t: &Ticket) -> Option<CounterId> {
    matches!(t.state, TicketState::Called | TicketState::Serving)
        .then_some(t.counter)
        .flatten()
}

struct Decider<'a> {
    engine: &'a Engine,
}

impl Decider<'_> {
    fn ticket(&self, id: TicketId) -> Result<&Ticket, Refusal> {
        self.engine
            .ticket(id)
            .ok_or(Refusal::UnknownTicket { ticket: id })
    }

    fn active_ticket(&self, id: TicketId) -> Result<&Ticket, Refusal> {
        let t = self.ticket(id)?;
        if t.state.is_active() {
            Ok(t)
        } else {
            Err(Refusal::WrongTicketState {
                ticket: t.display.clone(),
                state: t.state,
                needed: "in the queue".into(),
            })
        }
    }

    fn counter(&self, id: CounterId) -> Result<&CounterState, Refusal> {
        self.engine
            .state()
            .counters
            .get(&id)
            .filter(|_| self.engine.config().counter(id).is_some())
            .ok_or(Refusal::UnknownCounter { counter: id })
    }

    fn open(&self, id: CounterId) -> Result<&CounterState, Refusal> {
        let c = self.counter(id)?;
        if c.is_open() {
            Ok(c)
        } else {
            Err(Refusal::CounterClosed { counter: id })
        }
    }

    /// An open counter's current ticket.
    fn current(&self, id: CounterId) -> Result<(&CounterState, &Ticket), Refusal> {
        let c = self.open(id)?;
        let t = c
            .current
            .and_then(|t| self.engine.ticket(t))
            .ok_or(Refusal::CounterIdle { counter: id })?;
        Ok((c, t))
    }

    /// Whether the field is open, if it exists.
    fn field_open(&self, code: &FieldCode) -> Result<bool, Refusal> {
        self.engine
            .state()
            .fields
            .get(code)
            .filter(|_| self.engine.config().field(code).is_some())
            .map(|f| f.open)
            .ok_or(Refusal::UnknownField {
                field: code.clone(),
            })
    }

    fn issue(&self, code: &FieldCode, now: DateTime<Utc>) -> Result<(u32, String), Refusal> {
        if !self.field_open(code)? {
            return Err(Refusal::FieldClosed {
                field: code.clone(),
            });
        }
        let (Some(config), Some(state)) = (
            self.engine.config().field(code),
            self.engine.state().fields.get(code),
        ) else {
            return Err(Refusal::UnknownField {
                field: code.clone(),
            });
        };
        let (lines, rules) = (&self.engine.state().lines, &self.engine.config().queue);
        let number = numbering::next_number(config, state, |n| {
            numbering::taken(lines, rules, code, n, now)
        })?;
        Ok((number, config.display(number)))
    }

    fn call(&self, counter: CounterId, ticket: Option<TicketId>, now: DateTime<Utc>) -> Decision {
        let c = self.open(counter)?;
        if let Some(reason) = &c.paused {
            return Err(Refusal::CounterPaused {
                counter,
                reason: reason.clone(),
            });
        }
        let mut events = Vec::new();
        if let Some(current) = c.current.and_then(|t| self.engine.ticket(t)) {
            match current.state {
                TicketState::Serving => events.push(EventKind::TicketFinished {
                    ticket: current.id,
                    counter,
                }),
                _ => {
                    return Err(Refusal::CounterBusy {
                        counter,
                        ticket: current.display.clone(),
                    });
                }
            }
        }
        let chosen = match ticket {
            Some(id) => {
                let t = self.ticket(id)?;
                need_state(t, TicketState::Waiting, "waiting")?;
                if !c.fields.contains(&t.field) {
                    return Err(Refusal::FieldNotServed {
                        counter,
                        field: t.field.clone(),
                    });
                }
                id
            }
            None => policy::next_ticket(
                &self.engine.state().lines,
                &self.engine.config().queue,
                c,
                now,
            )
            .ok_or(Refusal::NoneWaiting { counter })?,
        };
        let clerk = c.clerk.clone().unwrap_or_else(|| ClerkId::new(""));
        events.push(EventKind::TicketCalled {
            ticket: chosen,
            counter,
            clerk,
            specific: ticket.is_some(),
        });
        Ok(events)
    }

    fn recall(&self, counter: CounterId) -> Decision {
        let (_, t) = self.current(counter)?;
        need_state(t, TicketState::Called, "called")?;
        if t.recalls >= self.engine.config().queue.max_recalls {
            return Ok(vec![EventKind::TicketNoShow {
                ticket: t.id,
                counter,
                cause: NoShowCause::Recalls,
            }]);
        }
        Ok(vec![EventKind::TicketRecalled {
            ticket: t.id,
            counter,
            recall: t.recalls + 1,
        }])
    }

    fn start(&self, counter: CounterId) -> Decision {
        let (_, t) = self.current(counter)?;
        if t.state == TicketState::Serving {
            return Err(Refusal::AlreadyServing {
                counter,
                ticket: t.display.clone(),
            });
        }
        Ok(vec![EventKind::ServiceStarted {
            ticket: t.id,
            counter,
        }])
    }

    fn bring_back(&self, id: TicketId, now: DateTime<Utc>) -> Decision {
        let t = self.ticket(id)?;
        need_state(t, TicketState::NoShow, "a no-show")?;
        let rules = &self.engine.config().queue;
        let in_time = t
            .ended_at
            .is_some_and(|at| at >= numbering::returnable_since(rules, now));
        // Its number is kept for it while it may come back; should another ticket hold it
        // all the same (a return window lengthened since), two citizens would answer to
        // one call, so the window counts as passed.
        let number_free = self
            .engine
            .state()
            .lines
            .held(&t.issued_field)
            .is_none_or(|held| !held.contains(&t.number));
        if !(in_time && number_free) {
            return Err(Refusal::ReturnWindowPassed {
                ticket: t.display.clone(),
                minutes: rules.no_show_return_minutes,
            });
        }
        Ok(vec![EventKind::TicketBroughtBack { ticket: id }])
    }

    fn transfer(&self, id: TicketId, to: &FieldCode, keep_place: bool) -> Decision {
        let t = self.active_ticket(id)?;
        self.field_open(to)?;
        if &t.field == to {
            return Err(Refusal::SameField {
                ticket: t.display.clone(),
                field: to.clone(),
            });
        }
        Ok(vec![EventKind::TicketTransferred {
            ticket: id,
            from: t.field.clone(),
            to: to.clone(),
            keep_place,
            counter: held_by(t),
        }])
    }

    fn open_counter(&self, counter: CounterId, clerk: &ClerkId, fields: &[FieldCode]) -> Decision {
        let c = self.counter(counter)?;
        if let Some(present) = &c.clerk {
            return Err(Refusal::CounterAlreadyOpen {
                counter,
                clerk: present.clone(),
            });
        }
        if self.engine.config().clerk(clerk).is_none() {
            return Err(Refusal::UnknownClerk {
                clerk: clerk.clone(),
            });
        }
        let elsewhere = self
            .engine
            .state()
            .counters
            .iter()
            .find(|(_, c)| c.clerk.as_ref() == Some(clerk));
        if let Some((at, _)) = elsewhere {
            return Err(Refusal::ClerkElsewhere {
                clerk: clerk.clone(),
                counter: *at,
            });
        }
        let fields = self.field_list(counter, fields)?;
        Ok(vec![EventKind::CounterOpened {
            counter,
            clerk: clerk.clone(),
            fields,
        }])
    }

    /// The fields asked for, or the counter's configured ones when none are given.
    fn field_list(
        &self,
        counter: CounterId,
        fields: &[FieldCode],
    ) -> Result<Vec<FieldCode>, Refusal> {
        if fields.is_empty() {
            return self
                .engine
                .config()
                .counter(counter)
                .map(|c| c.fields.clone())
                .ok_or(Refusal::UnknownCounter { counter });
        }
        for (i, f) in fields.iter().enumerate() {
            self.field_open(f)?;
            if fields[..i].contains(f) {
                return Err(Refusal::BadFieldList);
            }
        }
        Ok(fields.to_vec())
    }
}
