//! Age in whole years on a given day, the one rule every age check uses
//! (minors under 16 before isolation, JDF 39; minors among the newly found;
//! the age shown on a file).

use time::Date;

/// Completed years of age on `day`: a person turns a year older on their
/// birthday (Civil Code Art 201: the period counts from the day after
/// birth and ends on the anniversary). Someone born on 29 February turns
/// older on 1 March in a common year.
#[must_use]
pub fn age_on(birth: Date, day: Date) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month() as u8, day.day()) < (birth.month() as u8, birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_year_older_on_the_birthday() {
        let born = date!(2008 - 03 - 01);
        assert_eq!(age_on(born, date!(2026 - 02 - 28)), 17);
        assert_eq!(age_on(born, date!(2026 - 03 - 01)), 18);
        let leap = date!(2008 - 02 - 29);
        assert_eq!(age_on(leap, date!(2026 - 02 - 28)), 17);
        assert_eq!(age_on(leap, date!(2026 - 03 - 01)), 18);
        assert_eq!(age_on(leap, date!(2028 - 02 - 29)), 20);
    }
}
