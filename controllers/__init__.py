from . import portal_disputes
