"""The exam office's services (writes, one transaction each), one module per area:
plans (plans, venues, rooms, enrolment, seating), documents (tickets, sheets, check-in),
results (scores, pass rules, the notice, objections), calendar (working days),
certificates, questions (bank, blueprints, papers)."""
