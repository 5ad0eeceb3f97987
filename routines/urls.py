"""Every routines feature's URLs, in one "routines" namespace (names unchanged)."""

from routines.avoid import urls as avoid
from routines.editor import urls as editor
from routines.ownproducts import urls as ownproducts
from routines.photos import urls as photos
from routines.reminders import urls as reminders
from routines.safety import urls as safety
from routines.shelf import urls as shelf
from routines.tracking import urls as tracking

app_name = "routines"

urlpatterns = [
    *tracking.urlpatterns,
    *editor.urlpatterns,
    *shelf.urlpatterns,
    *avoid.urlpatterns,
    *ownproducts.urlpatterns,
    *safety.urlpatterns,
    *reminders.urlpatterns,
    *photos.urlpatterns,
]
