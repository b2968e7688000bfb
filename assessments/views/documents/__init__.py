"""Views of the documents area: staff pages in the admin (staff.py), check-in at the door
(checkin.py), the applicant's own ticket (applicant.py)."""
