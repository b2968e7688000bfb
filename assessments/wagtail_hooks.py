"""Admin wiring of the exam office (menus, viewsets, permissions); one block per area."""
