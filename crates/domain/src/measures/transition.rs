//! Applying events to a measure: the state machine of JDF ch. 4 and JDTL
//! ch. 3–5. Every refusal carries a stable code; every accepted event
//! returns a new value, leaving the old one as it was.

use time::Date;

use super::error::TransitionError;
use super::event::Event;
use super::facts::{EndCause, Escape, Extension, Pause, PauseCause, Refusal, Transfer};
use super::kind::MeasureKind;
use super::state::{Measure, MeasureState};
use crate::calendar::HolidayCalendar;
use crate::periods::{Period, extend_by_days};

use MeasureState as S;

impl Measure {
    /// Applies `event`, returning the measure after it. The calendar is
    /// needed because deadlines of acts depend on it (民法典 Art 203).
    ///
    /// Events must come in date order and exist for the kind; then each is
    /// checked against the state and the law, as documented on the handlers.
    pub fn apply(&self, event: &Event, cal: &HolidayCalendar) -> Result<Measure, TransitionError> {
        let on = event.on();
        if on < self.last_event_on {
            return Err(TransitionError::OutOfOrder {
                on,
                last: self.last_event_on,
            });
        }
        if !event.applies_to(self.kind) {
            return Err(TransitionError::NotForKind {
                event: event.code(),
                kind: self.kind,
            });
        }
        let mut next = self.clone();
        next.last_event_on = on;
        match event {
            Event::ReportIn { on, late_reason } => {
                next.report_in(event, *on, late_reason.as_deref(), cal)?;
            }
            Event::DeemRefused { on } => next.deem_refused(event, *on, cal)?,
            Event::ReportRefusalToPolice { on } => next.report_refusal(*on)?,
            Event::SignAgreement { .. } => {
                next.expect_state(event, &[S::ReportedIn])?;
                next.agreement_on = Some(on);
                next.state = S::UnderAgreement;
            }
            Event::Pause { on, cause } => next.pause(event, *on, *cause)?,
            Event::Resume { on } => next.resume(event, *on)?,
            Event::Transfer { on } => {
                next.expect_state(event, &[S::UnderAgreement])?;
                next.transfers.push(Transfer {
                    on: *on,
                    reported_on: None,
                });
                next.state = S::Transferred;
            }
            Event::ReportAtNewPlace { on } => next.report_at_new_place(event, *on)?,
            Event::Complete { on } => next.complete(event, *on, cal)?,
            Event::NotifyPoliceOfRelease { on } => {
                next.expect_state(event, &[S::Completed])?;
                if let Some(done) = next.police_notified_on {
                    return Err(TransitionError::AlreadyRecorded { on: done });
                }
                next.police_notified_on = Some(*on);
            }
            Event::Escape { on } => {
                next.expect_state(event, &[S::Executing])?;
                next.escapes.push(Escape {
                    from: *on,
                    until: None,
                    recaptured: false,
                });
                next.state = S::Escaped;
            }
            Event::Return { on, recaptured } => next.return_from_escape(event, *on, *recaptured)?,
            Event::Extend { on, by } => next.extend(event, *on, *by, cal)?,
            Event::EarlyRelease { on } => next.early_release(event, *on, cal)?,
            Event::FileWithPolice { on } => {
                if let Some(done) = next.filed_on {
                    return Err(TransitionError::AlreadyRecorded { on: done });
                }
                next.filed_on = Some(*on);
            }
            Event::Terminate { on, cause } => next.terminate(event, *on, *cause)?,
        }
        Ok(next)
    }

    fn expect_state(&self, event: &Event, allowed: &[MeasureState]) -> Result<(), TransitionError> {
        if allowed.contains(&self.state) {
            Ok(())
        } else {
            Err(TransitionError::NotInState {
                event: event.code(),
                state: self.state,
            })
        }
    }

    /// JDTL 14: report in within 15 days of receipt; late without good
    /// reason is a deemed refusal. Our reading: the refusal is a fact from
    /// the day after the deadline, whether or not it was recorded yet, so a
    /// late report-in records both the report-in and the refusal (unless a
    /// reason is given at that moment, which the police weigh later). A
    /// refusal once recorded is never undone by a later report-in or reason:
    /// the police decide what follows (JDF 38). The term runs from the
    /// actual report-in day (JDTL 14 "自报到之日起计算").
    fn report_in(
        &mut self,
        event: &Event,
        on: Date,
        late_reason: Option<&str>,
        cal: &HolidayCalendar,
    ) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::Ordered, S::DeemedRefused])?;
        let deadline = self.report_in_deadline(cal).map_or(on, |c| c.date);
        let late = on > deadline;
        let reason = late_reason.map(str::trim).filter(|r| !r.is_empty());
        if late {
            self.late_report_reason = reason.map(str::to_owned);
            if self.refusal.is_none() && reason.is_none() {
                self.refusal = Some(Refusal {
                    deemed_on: extend_by_days(deadline, 1),
                    recorded_on: on,
                    reported_to_police_on: None,
                });
            }
        }
        self.reported_in_on = Some(on);
        self.state = S::ReportedIn;
        Ok(())
    }

    /// JDTL 14: only once the deadline has passed.
    fn deem_refused(
        &mut self,
        event: &Event,
        on: Date,
        cal: &HolidayCalendar,
    ) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::Ordered])?;
        let deadline = self.report_in_deadline(cal).map_or(on, |c| c.date);
        if on <= deadline {
            return Err(TransitionError::DeadlineNotPassed { deadline });
        }
        self.refusal = Some(Refusal {
            deemed_on: extend_by_days(deadline, 1),
            recorded_on: on,
            reported_to_police_on: None,
        });
        self.state = S::DeemedRefused;
        Ok(())
    }

    /// JDTL 21: the worker reports a refusal to the police, once.
    fn report_refusal(&mut self, on: Date) -> Result<(), TransitionError> {
        let refusal = self.refusal.as_mut().ok_or(TransitionError::NoRefusal)?;
        if refusal.reported_to_police_on.is_some() {
            return Err(TransitionError::AlreadyReported);
        }
        refusal.reported_to_police_on = Some(on);
        Ok(())
    }

    /// JDTL 24: detention or arrest pauses a running term. Before report-in
    /// there is no term to pause: a detention then is a good reason for a
    /// late report-in instead.
    fn pause(&mut self, event: &Event, on: Date, cause: PauseCause) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::ReportedIn, S::UnderAgreement, S::Transferred])?;
        self.pauses.push(Pause {
            from: on,
            cause,
            until: None,
        });
        self.state = S::Paused;
        Ok(())
    }

    /// JDTL 24: after release the measure continues where it stood.
    fn resume(&mut self, event: &Event, on: Date) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::Paused])?;
        self.close_open_pause(on);
        self.state = self.running_state();
        Ok(())
    }

    /// The state a running community measure is in, from its facts.
    fn running_state(&self) -> MeasureState {
        if self.transfers.iter().any(|t| t.reported_on.is_none()) {
            S::Transferred
        } else if self.agreement_on.is_some() {
            S::UnderAgreement
        } else {
            S::ReportedIn
        }
    }

    fn close_open_pause(&mut self, on: Date) {
        for pause in self.pauses.iter_mut().filter(|p| p.until.is_none()) {
            pause.until = Some(on);
        }
    }

    /// JDTL 22: reporting at the new place after the 15 days is recorded as
    /// late (the deadline shows it) but is no deemed refusal: JDTL 14's
    /// refusal concerns the first report-in only.
    fn report_at_new_place(&mut self, event: &Event, on: Date) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::Transferred])?;
        for transfer in self
            .transfers
            .iter_mut()
            .filter(|t| t.reported_on.is_none())
        {
            transfer.reported_on = Some(on);
        }
        self.state = S::UnderAgreement;
        Ok(())
    }

    /// The term has been served (JDTL 23; JDF 47); a measure without a term
    /// (voluntary, maintenance) may finish any day.
    fn complete(
        &mut self,
        event: &Event,
        on: Date,
        cal: &HolidayCalendar,
    ) -> Result<(), TransitionError> {
        let allowed: &[MeasureState] = match self.kind {
            MeasureKind::CommunityDetox | MeasureKind::CommunityRehab => {
                &[S::ReportedIn, S::UnderAgreement, S::Transferred]
            }
            _ => &[S::Executing],
        };
        self.expect_state(event, allowed)?;
        if let Some(term) = self.term_end(cal)
            && on < term.date
        {
            return Err(TransitionError::TermNotServed {
                term_end: term.date,
            });
        }
        self.closed_on = Some(on);
        self.state = S::Completed;
        Ok(())
    }

    /// JDTL 32: escape days do not count; a recaptured person may not be
    /// released early (kept as a fact, see [`Measure::early_release_bar`]).
    fn return_from_escape(
        &mut self,
        event: &Event,
        on: Date,
        recaptured: bool,
    ) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::Escaped])?;
        for escape in self.escapes.iter_mut().filter(|e| e.until.is_none()) {
            escape.until = Some(on);
            escape.recaptured = recaptured;
        }
        self.state = S::Executing;
        Ok(())
    }

    /// JDF 47: approved before the term expires ("期满前"; the last day is
    /// still within the term), at most 1 year in total.
    fn extend(
        &mut self,
        event: &Event,
        on: Date,
        by: Period,
        cal: &HolidayCalendar,
    ) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::Executing])?;
        if by.is_empty() {
            return Err(TransitionError::EmptyPeriod);
        }
        let term_end = self.term_end(cal).map_or(on, |c| c.date);
        if on > term_end {
            return Err(TransitionError::ExtensionAfterTerm { term_end });
        }
        self.extensions.push(Extension { decided_on: on, by });
        let limit = self.extension_limit();
        if self.extended_base_end() > limit {
            return Err(TransitionError::ExtensionTooLong { latest: limit });
        }
        Ok(())
    }

    /// JDF 47: after at least 1 year of execution (escape days not counted,
    /// JDTL 32), never for a recaptured escapee (JDTL 32) or after a refused
    /// rehabilitation (JDTL 38); before the term's end (on it, the term is
    /// simply complete).
    fn early_release(
        &mut self,
        event: &Event,
        on: Date,
        cal: &HolidayCalendar,
    ) -> Result<(), TransitionError> {
        self.expect_state(event, &[S::Executing])?;
        if let Some(bar) = self.early_release_bar() {
            return Err(TransitionError::EarlyReleaseBarred { bar });
        }
        if let Some(earliest) = self.earliest_early_release(cal)
            && on < earliest.date
        {
            return Err(TransitionError::EarlyReleaseTooSoon {
                earliest: earliest.date,
            });
        }
        if let Some(term) = self.term_end(cal)
            && on >= term.date
        {
            return Err(TransitionError::EarlyReleaseAtTermEnd {
                term_end: term.date,
            });
        }
        self.closed_on = Some(on);
        self.state = S::EarlyReleased;
        Ok(())
    }

    /// JDTL 24 (imprisonment, compulsory education) and any other end
    /// before the term. A pause or escape still open closes that day.
    fn terminate(
        &mut self,
        event: &Event,
        on: Date,
        cause: EndCause,
    ) -> Result<(), TransitionError> {
        if self.state.is_closed() {
            return Err(TransitionError::NotInState {
                event: event.code(),
                state: self.state,
            });
        }
        self.close_open_pause(on);
        for escape in self.escapes.iter_mut().filter(|e| e.until.is_none()) {
            escape.until = Some(on);
        }
        self.closed_on = Some(on);
        self.end_cause = Some(cause);
        self.state = S::Ended;
        Ok(())
    }
}
