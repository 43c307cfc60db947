from django import forms
from django.utils.translation import gettext_lazy as _

from wuse.regions.models import Region

from .models import Need


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["community", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities if communities is not None else Region.objects.none()
        self.fields["community"].empty_label = _("Choose a community")
        if communities is not None and len(communities) == 1:
            self.fields["community"].initial = communities[0]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Enter a title."))
        return title


class NeedEditForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=100)
    description = forms.CharField(label=_("description"), max_length=5000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
