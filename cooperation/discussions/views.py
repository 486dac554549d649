"""HTTP only: find the group and thread, ask permissions.py, call one service or selector, render.

A group secret to the person answers 404 (cooperation.selectors.group_for); someone who may know
the group but not read inside it is asked to log in (anonymous) or gets 403."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperation import selectors as group_selectors
from cooperation.discussions import forms, permissions, selectors, services
from portal import params


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _thread(request, slug, pk):
    group = group_selectors.group_for(request.user, slug)
    return group, selectors.thread_for(group, pk)


def _post_form(request, group, *, data=None, files=None, initial=None, form_class=forms.PostForm):
    return form_class(
        data,
        files,
        initial=initial,
        documents=selectors.library_documents(request.user, group),
        mention_url=reverse("discussions:member_search", kwargs={"slug": group.slug}),
    )


# --- The group's threads ------------------------------------------------------------------------


def thread_list(request, slug):
    group = group_selectors.group_for(request.user, slug)
    if not permissions.can_list_threads(request.user, group):
        return _deny(request)
    context = {
        "group": group,
        "page": selectors.thread_page(request.user, group, request.GET.get("page")),
        "can_create": permissions.can_create_thread(request.user, group),
        "can_follow": permissions.can_follow_group(request.user, group),
        "following": selectors.is_following(request.user, group=group),
    }
    return render(request, "discussions/thread_list.html", context)


def thread_create(request, slug):
    group = group_selectors.group_for(request.user, slug)
    if not permissions.can_create_thread(request.user, group):
        return _deny(request)
    form = _post_form(
        request, group, data=request.POST or None, files=request.FILES or None,
        form_class=forms.ThreadForm,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                group=group,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                documents=form.cleaned_data.get("documents") or [],
                uploads=form.cleaned_data.get("files") or [],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your thread has been started; you follow it."))
            return redirect(thread)
    status = 400 if form.is_bound else 200
    return render(
        request, "discussions/thread_form.html", {"group": group, "form": form}, status=status
    )


@require_POST
def group_follow(request, slug):
    group = group_selectors.group_for(request.user, slug)
    if not permissions.can_follow_group(request.user, group):
        return _deny(request)
    if request.POST.get("follow") == "1":
        services.subscribe(user=request.user, group=group)
        messages.success(request, _("You follow this group's discussions."))
    else:
        services.unsubscribe(user=request.user, group=group)
        messages.success(request, _("You no longer follow this group's discussions."))
    return redirect("discussions:threads", slug=group.slug)


def member_search(request, slug):
    """JSON for the @mention autocomplete: members of the group whose name starts with `q`."""
    group = group_selectors.group_for(request.user, slug)
    if not permissions.can_search_members(request.user, group):
        return JsonResponse({"error": _("You may not see this group's members.")}, status=403)
    prefix = params.text(request.GET.get("q"), max_length=60)
    return JsonResponse({"members": selectors.members_matching(group, prefix)})


# --- One thread ---------------------------------------------------------------------------------


def thread_detail(request, slug, pk, thread_slug=None):
    """The thread's posts, a page at a time; a POST here is a reply."""
    group, thread = _thread(request, slug, pk)
    if not permissions.can_read_thread(request.user, thread):
        return _deny(request)
    page_number = request.GET.get("page")
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _deny(request)
        form = _post_form(request, group, data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                post = services.post_reply(
                    thread=thread,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    documents=form.cleaned_data.get("documents") or [],
                    uploads=form.cleaned_data.get("files") or [],
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                return redirect(post.get_absolute_url())
        page_number = "last"
    else:
        if thread_slug != thread.slug:
            query = request.META.get("QUERY_STRING")
            return redirect(thread.get_absolute_url() + (f"?{query}" if query else ""))
        quote = selectors.quote_of(thread, params.object_id(request.GET.get("citeer")))
        form = _post_form(request, group, initial={"body": quote} if quote else None)
    page = selectors.posts_page(thread, page_number)
    read_up_to = selectors.read_up_to(request.user, thread)
    posts = selectors.with_controls(
        request.user,
        thread,
        page.object_list,
        read_up_to=read_up_to,
        opening_id=selectors.first_post_id(thread),
    )
    if posts:
        services.mark_read(user=request.user, thread=thread, up_to_post_id=posts[-1].pk)
    context = {
        "group": group,
        "thread": thread,
        "page": page,
        "posts": posts,
        "form": form,
        "can_post": permissions.can_post(request.user, thread),
        "can_moderate": permissions.can_moderate_thread(request.user, thread),
        "can_follow": permissions.can_follow_thread(request.user, thread),
        "following": selectors.is_following(request.user, thread=thread),
        "last_id": posts[-1].pk if posts else 0,
    }
    status = 400 if form.is_bound else 200
    return render(request, "discussions/thread_detail.html", context, status=status)


def posts_fragment(request, slug, pk):
    """JSON for the live thread: posts after `after` (new ones) or the post `id` (changed), each
    rendered by the page's own template for this person, with what they may do with it."""
    try:
        group, thread = _thread(request, slug, pk)
    except Http404:
        return JsonResponse({"error": "not_found"}, status=404)
    if not permissions.can_read_thread(request.user, thread):
        return JsonResponse({"error": "forbidden"}, status=403)
    post_id, after = (
        params.object_id(request.GET.get("id")),
        params.number(request.GET.get("after")),
    )
    if post_id is not None:
        posts, complete = [selectors.post_for(thread, post_id)], True
    elif after is not None:
        posts, complete = selectors.posts_after(thread, after)
    else:
        return JsonResponse({"error": "bad_request"}, status=400)
    read_up_to = selectors.read_up_to(request.user, thread)
    posts = selectors.with_controls(
        request.user,
        thread,
        posts,
        read_up_to=read_up_to,
        opening_id=selectors.first_post_id(thread),
    )
    if posts and after:
        services.mark_read(user=request.user, thread=thread, up_to_post_id=posts[-1].pk)
    context = {"group": group, "thread": thread}
    return JsonResponse(
        {
            "posts": [
                {
                    "id": post.pk,
                    "html": render_to_string(
                        "discussions/includes/post.html", {**context, "post": post}, request
                    ),
                }
                for post in posts
            ],
            "complete": complete,
            "locked": thread.locked,
        }
    )


@require_POST
def thread_follow(request, slug, pk):
    group, thread = _thread(request, slug, pk)
    if not permissions.can_follow_thread(request.user, thread):
        return _deny(request)
    if request.POST.get("follow") == "1":
        services.subscribe(user=request.user, thread=thread)
        messages.success(request, _("You follow this thread."))
    else:
        services.unsubscribe(user=request.user, thread=thread)
        messages.success(request, _("You no longer follow this thread."))
    return redirect(thread)


# Moderation actions by the Dutch word in their URL (/beheer/<action>/).
MODERATION = {
    "vastzetten": (services.thread_pin, {"pinned": True}, _("The thread is pinned to the top.")),
    "losmaken": (services.thread_pin, {"pinned": False}, _("The thread is no longer pinned.")),
    "sluiten": (services.thread_lock, {}, _("The thread is locked: nobody can reply.")),
    "heropenen": (services.thread_unlock, {}, _("The thread is open for replies again.")),
}


@require_POST
def thread_moderate(request, slug, pk, action):
    group, thread = _thread(request, slug, pk)
    if action not in MODERATION:
        raise Http404
    if not permissions.can_moderate_thread(request.user, thread):
        return _deny(request)
    service, arguments, done = MODERATION[action]
    service(thread=thread, by=request.user, **arguments)
    messages.success(request, str(done))
    return redirect(thread)


def thread_delete(request, slug, pk):
    group, thread = _thread(request, slug, pk)
    if not permissions.can_moderate_thread(request.user, thread):
        return _deny(request)
    if request.method == "POST":
        services.thread_delete(thread=thread, by=request.user)
        messages.success(request, _("The thread has been deleted."))
        return redirect("discussions:threads", slug=group.slug)
    return render(request, "discussions/confirm_delete.html", {"group": group, "thread": thread})


@require_POST
def answer(request, slug, pk):
    group, thread = _thread(request, slug, pk)
    if not permissions.can_mark_answer(request.user, thread):
        return _deny(request)
    post_id = params.object_id(request.POST.get("post"))
    post = selectors.post_for(thread, post_id) if post_id is not None else None
    try:
        services.answer_mark(thread=thread, post=post, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(thread)
    if post is None:
        messages.success(request, _("The thread no longer has a marked answer."))
        return redirect(thread)
    messages.success(request, _("The reply is marked as the answer."))
    return redirect(post.get_absolute_url())


# --- One post -----------------------------------------------------------------------------------


def _post(request, slug, pk, post_id):
    group, thread = _thread(request, slug, pk)
    return group, thread, selectors.post_for(thread, post_id)


def post_edit(request, slug, pk, post_id):
    group, thread, post = _post(request, slug, pk, post_id)
    if not permissions.can_edit_post(request.user, post):
        return _deny(request)
    with_title = selectors.first_post_id(thread) == post.pk
    initial = {"body": post.body_source, "title": thread.title}
    form = forms.EditForm(
        request.POST or None,
        initial=initial,
        with_title=with_title,
        mention_url=reverse("discussions:member_search", kwargs={"slug": group.slug}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(
                post=post,
                by=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title") if with_title else None,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(post.get_absolute_url())
    context = {"group": group, "thread": thread, "post": post, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "discussions/post_edit.html", context, status=status)


def post_delete(request, slug, pk, post_id):
    group, thread, post = _post(request, slug, pk, post_id)
    if not permissions.can_delete_post(request.user, post):
        return _deny(request)
    if request.method == "POST":
        services.post_delete(post=post, by=request.user)
        messages.success(request, _("The message has been deleted."))
        return redirect(post.get_absolute_url())
    return render(
        request,
        "discussions/confirm_delete.html",
        {"group": group, "thread": thread, "post": post},
    )


def post_history(request, slug, pk, post_id):
    group, thread, post = _post(request, slug, pk, post_id)
    if not permissions.can_see_history(request.user, post):
        return _deny(request)
    context = {
        "group": group,
        "thread": thread,
        "post": post,
        "revisions": selectors.revisions_of(post),
    }
    return render(request, "discussions/post_history.html", context)
